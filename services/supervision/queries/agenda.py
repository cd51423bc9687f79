"""The agenda of a pod's session: the cases it holds on the day, what the service knows of each since it was last
discussed, put through the agenda rule (rules/agenda.py). A handful of index lookups whatever the history's size:
the pod's allocations on the day, those cases' periods and statuses, each child's last discussion, latest two scores
per voice and overdue actions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from services.supervision.models import Action, DiscussedChild, Score, Session, StatusPeriod
from services.supervision.queries.view import case_spans, pod_holding
from services.supervision.rules.agenda import AgendaItem, AgendaPolicy, HeldCase, StatusSpan, agenda, holding
from services.supervision.rules.scaling import Change, ScorePoint, latest_changes
from shared.auth import Principal
from shared.runtime.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class Agenda:
    pod_id: uuid.UUID
    as_at: date
    session_id: uuid.UUID | None
    items: list[AgendaItem]
    cases_held: int


async def agenda_of(
    uow: UnitOfWork,
    principal: Principal,
    pod_id: uuid.UUID,
    day: date,
    policy: AgendaPolicy,
    session: Session | None = None,
) -> Agenda:
    """The agenda for the pod on the day; for a session, as it stood before the session (what the session itself
    has discussed is marked, not counted)."""
    held = await pod_holding(uow, pod_id, day)
    child_ids = [child.child_id for child in held]
    spans = await case_spans(uow, [child.case_id for child in held])
    statuses = await _statuses(uow, [child.case_id for child in held])
    current = session.id if session is not None else None
    last = await _last_discussed(uow, child_ids, day, current)
    scores = await _latest_scores(uow, child_ids, day, current)
    overdue = await _overdue_actions(uow, child_ids, day)
    discussed_now = await _discussed_in(uow, current)
    cases = []
    for child in held:
        tenure = holding(spans.get(child.case_id, []), pod_id, day)
        if tenure is None:
            continue
        cases.append(
            HeldCase(
                child_id=child.child_id,
                case_id=child.case_id,
                family_id=child.family_id,
                holding=tenure,
                la_child_id=child.la_child_id or "",
                statuses=tuple(statuses.get(child.case_id, ())),
                last_discussed_on=last.get(child.child_id),
                latest_scores=tuple(scores.get(child.child_id, ())),
                overdue_action_due_dates=tuple(overdue.get(child.child_id, ())),
                discussed_in_session=child.child_id in discussed_now,
            )
        )
    items, _ = agenda(cases, day, policy)
    uow.audit(principal, "read", f"pod/{pod_id}/agenda", *(item.case.child_id for item in items))
    return Agenda(pod_id, day, current, items, len(cases))


async def _statuses(uow: UnitOfWork, case_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[StatusSpan]]:
    if not case_ids:
        return {}
    query = sa.select(StatusPeriod.case_id, StatusPeriod.kind, StatusPeriod.start_date, StatusPeriod.end_date).where(
        StatusPeriod.case_id.in_(case_ids), StatusPeriod.kind.is_not(None), StatusPeriod.start_date.is_not(None)
    )
    found: dict[uuid.UUID, list[StatusSpan]] = {}
    for row in (await uow.session.execute(query)).all():
        found.setdefault(row.case_id, []).append(StatusSpan(row.kind, row.start_date, row.end_date))
    return found


async def _last_discussed(
    uow: UnitOfWork, child_ids: list[uuid.UUID], day: date, session_id: uuid.UUID | None
) -> dict[uuid.UUID, date]:
    if not child_ids:
        return {}
    query = (
        sa.select(DiscussedChild.child_id, sa.func.max(DiscussedChild.discussed_on))
        .where(DiscussedChild.child_id.in_(child_ids), DiscussedChild.discussed_on <= day)
        .group_by(DiscussedChild.child_id)
    )
    if session_id is not None:
        query = query.where(DiscussedChild.session_id != session_id)
    return {child_id: last for child_id, last in (await uow.session.execute(query)).all()}


async def _latest_scores(
    uow: UnitOfWork, child_ids: list[uuid.UUID], day: date, session_id: uuid.UUID | None
) -> dict[uuid.UUID, list[Change]]:
    """Each child's two latest scores per question and voice, as changes."""
    if not child_ids:
        return {}
    conditions = [Score.child_id.in_(child_ids), Score.scored_on <= day]
    if session_id is not None:
        conditions.append(Score.session_id != session_id)
    ranked = (
        sa.select(
            Score.child_id,
            Score.question,
            Score.voice,
            Score.score,
            Score.scored_on,
            Score.discussion_id,
            sa.func.row_number()
            .over(partition_by=(Score.child_id, Score.question, Score.voice), order_by=Score.scored_on.desc())
            .label("recency"),
        )
        .where(*conditions)
        .subquery()
    )
    rows = (await uow.session.execute(sa.select(ranked).where(ranked.c.recency <= 2))).all()
    points: dict[uuid.UUID, list[ScorePoint]] = {}
    for row in rows:
        point = ScorePoint(row.question, row.voice, row.score, row.scored_on, row.discussion_id)
        points.setdefault(row.child_id, []).append(point)
    return {child_id: latest_changes(found) for child_id, found in points.items()}


async def _overdue_actions(uow: UnitOfWork, child_ids: list[uuid.UUID], day: date) -> dict[uuid.UUID, list[date]]:
    """Due dates of the actions still open on the day and past due (those closed since count as open then)."""
    if not child_ids:
        return {}
    query = sa.select(Action.child_id, Action.due_date).where(
        Action.child_id.in_(child_ids),
        Action.due_date < day,
        Action.set_on <= day,
        sa.or_(Action.status == "open", Action.closed_on > day),
    )
    found: dict[uuid.UUID, list[date]] = {}
    for child_id, due in (await uow.session.execute(query)).all():
        found.setdefault(child_id, []).append(due)
    return found


async def _discussed_in(uow: UnitOfWork, session_id: uuid.UUID | None) -> set[uuid.UUID]:
    if session_id is None:
        return set()
    query = sa.select(DiscussedChild.child_id).where(DiscussedChild.session_id == session_id)
    return set((await uow.session.scalars(query)).all())
