"""Sessions as the pod reads them: the list, one session with who attended, what it discussed and its addenda,
and a discussion with its children, scores and actions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import sqlalchemy as sa

from services.supervision.models import Action, Addendum, Attendee, DiscussedChild, Discussion, Schedule, Score, Session
from services.supervision.queries.paging import dated, parse_dated
from services.supervision.rules.schedule import meeting_days
from shared.problems import NotFound
from shared.runtime.http import page_of
from shared.runtime.unit_of_work import UnitOfWork


async def sessions_of(
    uow: UnitOfWork,
    pod_id: uuid.UUID,
    *,
    since: date | None,
    until: date | None,
    state: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Session], str | None]:
    """Newest first, a page at a time (the cursor is the last session's day and id)."""
    query = sa.select(Session).where(Session.pod_id == pod_id)
    if since is not None:
        query = query.where(Session.scheduled_for >= since)
    if until is not None:
        query = query.where(Session.scheduled_for <= until)
    if state is not None:
        query = query.where(Session.state == state)
    if cursor is not None:
        day, session_id = parse_dated(cursor)
        query = query.where(
            sa.or_(Session.scheduled_for < day, sa.and_(Session.scheduled_for == day, Session.id < session_id))
        )
    query = query.order_by(Session.scheduled_for.desc(), Session.id.desc()).limit(limit + 1)
    rows = list((await uow.session.scalars(query)).all())
    return page_of(rows, limit, lambda s: dated(s.scheduled_for, s.id))


@dataclass(frozen=True, slots=True)
class DiscussionParts:
    discussion: Discussion
    children: list[DiscussedChild]
    scores: list[Score]
    actions: list[Action]


@dataclass(frozen=True, slots=True)
class SessionRecord:
    session: Session
    attendees: list[Attendee]
    discussions: list[DiscussionParts]
    addenda: list[Addendum]


async def attendees_of(uow: UnitOfWork, session_id: uuid.UUID) -> list[Attendee]:
    query = sa.select(Attendee).where(Attendee.session_id == session_id).order_by(Attendee.role, Attendee.worker_id)
    return list((await uow.session.scalars(query)).all())


async def session_record(uow: UnitOfWork, session: Session) -> SessionRecord:
    discussions = list(
        (
            await uow.session.scalars(
                sa.select(Discussion).where(Discussion.session_id == session.id).order_by(Discussion.recorded_at)
            )
        ).all()
    )
    addenda = list(
        (
            await uow.session.scalars(
                sa.select(Addendum).where(Addendum.session_id == session.id).order_by(Addendum.written_at)
            )
        ).all()
    )
    return SessionRecord(
        session, await attendees_of(uow, session.id), await parts_of(uow, discussions, session.id), addenda
    )


async def parts_of(uow: UnitOfWork, discussions: list[Discussion], session_id: uuid.UUID) -> list[DiscussionParts]:
    children = await _by_discussion(uow, DiscussedChild, session_id)
    scores = await _by_discussion(uow, Score, session_id)
    actions = await _by_discussion(uow, Action, session_id)
    return [
        DiscussionParts(d, children.get(d.id, []), scores.get(d.id, []), actions.get(d.id, [])) for d in discussions
    ]


async def discussion_parts(uow: UnitOfWork, discussion: Discussion) -> DiscussionParts:
    [parts] = await parts_of(uow, [discussion], discussion.session_id)
    return parts


OfSession = TypeVar("OfSession", Discussion, DiscussedChild, Score, Action)


async def of_session(uow: UnitOfWork, model: type[OfSession], session_id: uuid.UUID) -> list[OfSession]:
    """Every row of the kind recorded in the session, in a stable order."""
    query = sa.select(model).where(model.session_id == session_id).order_by(*sa.inspect(model).primary_key)
    return list((await uow.session.scalars(query)).all())


Part = TypeVar("Part", DiscussedChild, Score, Action)


async def _by_discussion(uow: UnitOfWork, model: type[Part], session_id: uuid.UUID) -> dict[uuid.UUID, list[Part]]:
    found: dict[uuid.UUID, list[Part]] = {}
    for row in await of_session(uow, model, session_id):
        found.setdefault(row.discussion_id, []).append(row)
    return found


@dataclass(frozen=True, slots=True)
class ScheduleView:
    schedule: Schedule
    upcoming: list[tuple[date, uuid.UUID | None]]


async def schedule_ahead(uow: UnitOfWork, pod_id: uuid.UUID, start: date, weeks: int) -> ScheduleView:
    """The pod's weekly schedule and its next meeting days, each with the group session scheduled on it, if any."""
    schedule = await uow.session.get(Schedule, pod_id)
    if schedule is None:
        raise NotFound("the pod has no weekly schedule yet", field="pod_id")
    until = date.fromordinal(start.toordinal() + 7 * weeks - 1)
    days = meeting_days(schedule.weekday, schedule.every_weeks, schedule.since, max(start, schedule.since), until)
    query = sa.select(Session.scheduled_for, Session.id).where(
        Session.pod_id == schedule.pod_id,
        Session.kind == "group",
        Session.state != "cancelled",
        Session.scheduled_for.in_(days),
    )
    sessions = {day: session_id for day, session_id in (await uow.session.execute(query)).all()}
    return ScheduleView(schedule, [(day, sessions.get(day)) for day in days])
