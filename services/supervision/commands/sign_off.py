"""Signing a session off, and the addenda a signed-off record grows by.

Supervision records are disclosable in court: once signed off, nothing in them changes. Signing off publishes
what the session decided, one decision per child (the records service writes each into the child's story), the
scaling scores with each voice's previous score, the actions agreed, and that the session was held.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import cast

import sqlalchemy as sa

from services.supervision.commands.sessions import refuse_unless_open
from services.supervision.models import Action, Addendum, DiscussedChild, Discussion, Score, Session
from services.supervision.queries.sessions import attendees_of, of_session
from services.supervision.rules.codes import SessionKindCode
from shared.events.supervision import (
    ScalingScoreRecorded,
    SupervisionActionSet,
    SupervisionAddendumRecorded,
    SupervisionDecisionRecorded,
    SupervisionSessionHeld,
)
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork
from shared.vocabulary import ScalingQuestionCode, ScalingVoiceCode


async def sign_off(uow: UnitOfWork, session: Session, *, by: str, worker_id: uuid.UUID | None) -> Session:
    refuse_unless_open(session)
    if session.state != "held" or session.held_on is None:
        raise Conflict("only a session that was held is signed off", field="session_id")
    today = datetime.now(UTC)
    attendees = await attendees_of(uow, session.id)
    present = [a.worker_id for a in attendees if a.present]
    discussions = {d.id: d for d in await of_session(uow, Discussion, session.id)}
    decided = await of_session(uow, DiscussedChild, session.id)
    uow.publish(
        SupervisionSessionHeld(
            session_id=session.id,
            pod_id=session.pod_id,
            kind=cast(SessionKindCode, session.kind),
            held_on=session.held_on,
            facilitator_id=session.facilitator_id,
            attendee_ids=present,
            visiting_advisor_ids=[a.worker_id for a in attendees if a.present and a.visiting_from_pod_id],
            supervisee_id=session.supervisee_id,
            signed_off_on=today.date(),
            signed_off_by=worker_id,
            children_discussed=len({row.child_id for row in decided}),
        )
    )
    siblings: dict[uuid.UUID, list[uuid.UUID]] = {}
    for row in decided:
        siblings.setdefault(row.discussion_id, []).append(row.child_id)
    for row in decided:
        discussion = discussions[row.discussion_id]
        uow.publish(
            SupervisionDecisionRecorded(
                decision_id=row.decision_id,
                session_id=session.id,
                pod_id=session.pod_id,
                child_id=row.child_id,
                case_id=row.case_id,
                decided_on=row.discussed_on,
                session_kind=cast(SessionKindCode, session.kind),
                decision=row.decision or discussion.decision,
                rationale=row.rationale or discussion.rationale,
                discussed_by=present,
                discussion_id=discussion.id,
                worker_id=row.worker_id,
                dissent=discussion.dissent,
                sibling_ids=[other for other in siblings[row.discussion_id] if other != row.child_id],
            )
        )
    cases = {row.child_id: (row.case_id, row.worker_id) for row in decided}
    await _publish_scores(uow, session, cases)
    for action in await of_session(uow, Action, session.id):
        uow.publish(
            SupervisionActionSet(
                action_id=action.id,
                session_id=session.id,
                discussion_id=action.discussion_id,
                pod_id=action.pod_id,
                child_id=action.child_id,
                case_id=action.case_id,
                owner_id=action.owner_id,
                set_on=action.set_on,
                due_date=action.due_date,
            )
        )
    session.state, session.signed_off_by, session.signed_off_at = "signed_off", by, today
    session.signed_off_worker_id = worker_id
    return session


async def _publish_scores(
    uow: UnitOfWork, session: Session, cases: dict[uuid.UUID, tuple[uuid.UUID | None, uuid.UUID | None]]
) -> None:
    scores = list(
        (
            await uow.session.scalars(
                sa.select(Score)
                .where(Score.session_id == session.id)
                .order_by(Score.child_id, Score.question, Score.voice)
            )
        ).all()
    )
    assert session.held_on is not None
    before = await previous_scores(uow, {score.child_id for score in scores}, session.held_on)
    for score in scores:
        previous = before.get((score.child_id, score.question, score.voice))
        case_id, worker_id = cases.get(score.child_id, (None, None))
        uow.publish(
            ScalingScoreRecorded(
                score_id=score.id,
                session_id=session.id,
                discussion_id=score.discussion_id,
                pod_id=session.pod_id,
                child_id=score.child_id,
                case_id=case_id,
                worker_id=worker_id,
                scored_on=score.scored_on,
                voice=cast(ScalingVoiceCode, score.voice),
                question=cast(ScalingQuestionCode, score.question),
                score=score.score,
                previous_score=previous[0] if previous else None,
                previous_scored_on=previous[1] if previous else None,
            )
        )


async def previous_scores(
    uow: UnitOfWork, child_ids: Iterable[uuid.UUID], day: date
) -> dict[tuple[uuid.UUID, str, str], tuple[int, date]]:
    """Per child, question and voice, the latest score before the day."""
    ids = set(child_ids)
    if not ids:
        return {}
    ranked = (
        sa.select(
            Score.child_id,
            Score.question,
            Score.voice,
            Score.score,
            Score.scored_on,
            sa.func.row_number()
            .over(partition_by=(Score.child_id, Score.question, Score.voice), order_by=Score.scored_on.desc())
            .label("recency"),
        )
        .where(Score.child_id.in_(ids), Score.scored_on < day)
        .subquery()
    )
    rows = (await uow.session.execute(sa.select(ranked).where(ranked.c.recency == 1))).all()
    return {(row.child_id, row.question, row.voice): (row.score, row.scored_on) for row in rows}


async def add_addendum(
    uow: UnitOfWork,
    session: Session,
    *,
    text: str,
    child_id: uuid.UUID | None,
    decision_id: uuid.UUID | None,
    by: str,
) -> Addendum:
    """Words added to a signed-off record, about the session or one child (or one decision about a child)."""
    if not session.signed_off:
        raise Conflict("the record is not signed off yet: edit it instead", field="session_id")
    decided = {row.decision_id: row.child_id for row in await of_session(uow, DiscussedChild, session.id)}
    if decision_id is not None:
        if decision_id not in decided:
            raise Invalid("no such decision in this session", field="decision_id")
        if child_id is not None and child_id != decided[decision_id]:
            raise Invalid("the decision is about another child", field="child_id")
        child_id = decided[decision_id]
    elif child_id is not None and child_id not in decided.values():
        raise Invalid("the child was not discussed in this session", field="child_id")
    now = datetime.now(UTC)
    addendum = Addendum(
        id=uuid.uuid4(),
        session_id=session.id,
        child_id=child_id,
        decision_id=decision_id,
        text=text,
        written_by=by,
        written_on=now.date(),
        written_at=now,
    )
    uow.session.add(addendum)
    if child_id is not None:
        uow.publish(
            SupervisionAddendumRecorded(
                addendum_id=addendum.id,
                session_id=session.id,
                pod_id=session.pod_id,
                child_id=child_id,
                decision_id=decision_id,
                written_on=addendum.written_on,
                text=text,
            )
        )
    return addendum
