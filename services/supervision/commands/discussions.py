"""Case discussions: one child, or a sibling group recorded per child, with the Signs of Safety mapping, the
decision and its rationale, dissent, scaling scores by voice and actions. Editable until the session is signed off.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import sqlalchemy as sa

from services.supervision.commands.sessions import refuse_unless_open
from services.supervision.models import Action, DiscussedChild, Discussion, Score, Session
from services.supervision.queries.view import HeldChild, held_children, known_workers
from services.supervision.rules import decisions
from services.supervision.rules.scaling import SCORE_RANGE
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork
from shared.vocabulary import ScalingQuestion, ScalingVoice


@dataclass(frozen=True, slots=True)
class ChildDecision:
    """A child discussed; a sibling group's discussion may decide differently for one child (both words then)."""

    child_id: uuid.UUID
    decision: str | None = None
    rationale: str | None = None


@dataclass(frozen=True, slots=True)
class SafetyMapping:
    """Signs of Safety: what are we worried about, what's working well, what needs to happen; and hypotheses."""

    harm: str = ""
    complicating_factors: str = ""
    danger_statement: str = ""
    strengths: str = ""
    existing_safety: str = ""
    safety_goals: str = ""
    next_steps: str = ""
    hypotheses: str = ""


@dataclass(frozen=True, slots=True)
class ScoreGiven:
    voice: str
    score: int
    question: str = "safety"
    child_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class ActionAgreed:
    description: str
    owner_id: uuid.UUID
    due_date: date
    child_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class DiscussionRecord:
    children: Sequence[ChildDecision]
    decision: str
    rationale: str
    mapping: SafetyMapping = field(default_factory=SafetyMapping)
    dissent: str | None = None
    scores: Sequence[ScoreGiven] = ()
    actions: Sequence[ActionAgreed] = ()


async def record_discussion(uow: UnitOfWork, session: Session, record: DiscussionRecord, *, by: str) -> Discussion:
    _refuse_unless_held(session)
    held = await _checked(uow, session, record, None)
    discussion = Discussion(id=uuid.uuid4(), session_id=session.id, pod_id=session.pod_id, version=1)
    _fill(discussion, session, record, by)
    uow.session.add(discussion)
    await uow.session.flush()
    _add_parts(uow, discussion, record, held, {})
    session.record_change()
    return discussion


async def revise_discussion(
    uow: UnitOfWork, session: Session, discussion: Discussion, record: DiscussionRecord, *, by: str
) -> Discussion:
    """Replaces what the discussion records; a child kept keeps their decision id."""
    _refuse_unless_held(session)
    held = await _checked(uow, session, record, discussion.id)
    kept = {}
    for model in (Score, Action, DiscussedChild):
        for row in (await uow.session.scalars(sa.select(model).where(model.discussion_id == discussion.id))).all():
            if isinstance(row, DiscussedChild):
                kept[row.child_id] = row.decision_id
            await uow.session.delete(row)
    await uow.session.flush()
    _fill(discussion, session, record, by)
    _add_parts(uow, discussion, record, held, kept)
    session.record_change()
    return discussion


def _refuse_unless_held(session: Session) -> None:
    refuse_unless_open(session)
    if session.state != "held":
        raise Conflict("record discussions once the session is held, with who attended", field="session_id")


def _fill(discussion: Discussion, session: Session, record: DiscussionRecord, by: str) -> None:
    assert session.held_on is not None
    mapping = record.mapping
    discussion.discussed_on = session.held_on
    discussion.harm, discussion.complicating_factors = mapping.harm, mapping.complicating_factors
    discussion.danger_statement, discussion.strengths = mapping.danger_statement, mapping.strengths
    discussion.existing_safety, discussion.safety_goals = mapping.existing_safety, mapping.safety_goals
    discussion.next_steps, discussion.hypotheses = mapping.next_steps, mapping.hypotheses
    discussion.decision, discussion.rationale, discussion.dissent = record.decision, record.rationale, record.dissent
    discussion.recorded_by, discussion.recorded_at = by, datetime.now(UTC)


def _add_parts(
    uow: UnitOfWork,
    discussion: Discussion,
    record: DiscussionRecord,
    held: dict[uuid.UUID, HeldChild],
    kept: dict[uuid.UUID, uuid.UUID],
) -> None:
    day = discussion.discussed_on
    only_child = record.children[0].child_id
    for child in record.children:
        holding = held[child.child_id]
        uow.session.add(
            DiscussedChild(
                decision_id=kept.get(child.child_id, uuid.uuid4()),
                discussion_id=discussion.id,
                session_id=discussion.session_id,
                child_id=child.child_id,
                case_id=holding.case_id,
                worker_id=holding.worker_id,
                discussed_on=day,
                decision=child.decision,
                rationale=child.rationale,
            )
        )
    for score in record.scores:
        uow.session.add(
            Score(
                id=uuid.uuid4(),
                discussion_id=discussion.id,
                session_id=discussion.session_id,
                child_id=score.child_id or only_child,
                voice=score.voice,
                question=score.question,
                score=score.score,
                scored_on=day,
            )
        )
    for action in record.actions:
        child_id = action.child_id or only_child
        uow.session.add(
            Action(
                id=uuid.uuid4(),
                discussion_id=discussion.id,
                session_id=discussion.session_id,
                pod_id=discussion.pod_id,
                child_id=child_id,
                case_id=held[child_id].case_id,
                description=action.description,
                owner_id=action.owner_id,
                set_on=day,
                due_date=action.due_date,
                status="open",
                version=1,
            )
        )


async def _checked(
    uow: UnitOfWork, session: Session, record: DiscussionRecord, revising: uuid.UUID | None
) -> dict[uuid.UUID, HeldChild]:
    """Refuses, naming the field, what would not stand as a record; returns how the pod holds each child."""
    assert session.held_on is not None
    if not record.children:
        raise Invalid("a discussion is about at least one child", field="children")
    if refused := decisions.refusal(record.decision, record.rationale):
        raise Invalid(refused[1], field=refused[0])
    child_ids = [child.child_id for child in record.children]
    held = await held_children(uow, session.pod_id, child_ids, session.held_on)
    for index, child in enumerate(record.children):
        _check_child(index, child, child_ids, held, session.held_on)
    await _refuse_discussed_already(uow, session, child_ids, revising)
    _check_scores(record, set(child_ids))
    await _check_actions(uow, record, set(child_ids), session.held_on)
    return held


def _check_child(
    index: int, child: ChildDecision, child_ids: list[uuid.UUID], held: dict[uuid.UUID, HeldChild], day: date
) -> None:
    field = f"children.{index}"
    if child_ids.index(child.child_id) != index:
        raise Invalid("a child is listed twice", field=f"{field}.child_id")
    holding = held.get(child.child_id)
    if holding is None:
        raise Invalid(f"the child's case is not allocated to the pod on {day}", field=f"{field}.child_id")
    first = held[child_ids[0]]
    if index and (holding.family_id is None or holding.family_id != first.family_id):
        raise Invalid("children discussed together are siblings (one family)", field=f"{field}.child_id")
    if (child.decision is None) != (child.rationale is None):
        raise Invalid("a child's own decision comes with its own rationale", field=f"{field}.rationale")
    if child.decision is not None and (refused := decisions.refusal(child.decision, child.rationale or "")):
        raise Invalid(refused[1], field=f"{field}.{refused[0]}")


async def _refuse_discussed_already(
    uow: UnitOfWork, session: Session, child_ids: list[uuid.UUID], revising: uuid.UUID | None
) -> None:
    query = sa.select(DiscussedChild.child_id).where(
        DiscussedChild.session_id == session.id, DiscussedChild.child_id.in_(child_ids)
    )
    if revising is not None:
        query = query.where(DiscussedChild.discussion_id != revising)
    already = set((await uow.session.scalars(query)).all())
    for index, child_id in enumerate(child_ids):
        if child_id in already:
            raise Conflict(
                "the child was already discussed in this session: revise that discussion",
                field=f"children.{index}.child_id",
            )


def _resolve_child(child_id: uuid.UUID | None, children: set[uuid.UUID], field: str) -> uuid.UUID:
    if child_id is None:
        if len(children) > 1:
            raise Invalid("name the child: the discussion is about several", field=field)
        return next(iter(children))
    if child_id not in children:
        raise Invalid("the child is not one of this discussion's", field=field)
    return child_id


def _check_scores(record: DiscussionRecord, children: set[uuid.UUID]) -> None:
    seen: set[tuple[uuid.UUID, str, str]] = set()
    for index, score in enumerate(record.scores):
        field = f"scores.{index}"
        child_id = _resolve_child(score.child_id, children, f"{field}.child_id")
        if score.voice not in ScalingVoice._value2member_map_:
            raise Invalid(f"voice is one of {', '.join(ScalingVoice)}", field=f"{field}.voice")
        if score.question not in ScalingQuestion._value2member_map_:
            raise Invalid(f"question is one of {', '.join(ScalingQuestion)}", field=f"{field}.question")
        if score.score not in SCORE_RANGE:
            raise Invalid("a scaling score is from 0 to 10", field=f"{field}.score")
        key = (child_id, score.voice, score.question)
        if key in seen:
            raise Invalid("one score per child, voice and question in a discussion", field=f"{field}.voice")
        seen.add(key)


async def _check_actions(uow: UnitOfWork, record: DiscussionRecord, children: set[uuid.UUID], day: date) -> None:
    known = await known_workers(uow, [action.owner_id for action in record.actions])
    for index, action in enumerate(record.actions):
        field = f"actions.{index}"
        _resolve_child(action.child_id, children, f"{field}.child_id")
        if len(action.description.split()) < 2:
            raise Invalid("say what is to be done", field=f"{field}.description")
        if action.owner_id not in known:
            raise Invalid(
                f"no worker {action.owner_id} (workers come from the allocation service)", field=f"{field}.owner_id"
            )
        if action.due_date < day:
            raise Invalid(f"due_date is before the discussion ({day})", field=f"{field}.due_date")
