"""Sessions: a pod's weekly schedule, sessions scheduled, held with who attended, cancelled."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from services.supervision.models import Attendee, Pod, Schedule, Session
from services.supervision.queries.sessions import attendees_of
from services.supervision.queries.view import known_workers, memberships_on
from services.supervision.rules.schedule import meeting_days
from shared.problems import Conflict, Invalid, NotFound
from shared.runtime.http import check_if_match
from shared.runtime.unit_of_work import UnitOfWork

LONGEST_LOOK_AHEAD = timedelta(weeks=26)


def refuse_future(day: date, field: str) -> None:
    if day > date.today():
        raise Invalid(f"{field} {day} is in the future; record it once it has happened", field=field)


async def known_pod(uow: UnitOfWork, pod_id: uuid.UUID) -> Pod:
    pod = await uow.session.get(Pod, pod_id)
    if pod is None:
        raise NotFound(f"no pod {pod_id} (pods come from the allocation service)", field="pod_id")
    return pod


async def set_schedule(
    uow: UnitOfWork,
    pod_id: uuid.UUID,
    *,
    weekday: int,
    starts_at: time,
    every_weeks: int,
    since: date,
    if_match: str | None = None,
) -> Schedule:
    await known_pod(uow, pod_id)
    schedule = await uow.session.get(Schedule, pod_id)
    if schedule is None:
        schedule = Schedule(pod_id=pod_id, weekday=weekday, starts_at=starts_at, every_weeks=every_weeks, since=since)
        uow.session.add(schedule)
        return schedule
    check_if_match(if_match, schedule.version, what="the schedule")
    schedule.weekday, schedule.starts_at, schedule.every_weeks, schedule.since = weekday, starts_at, every_weeks, since
    return schedule


async def schedule_sessions(uow: UnitOfWork, pod_id: uuid.UUID, *, until: date, by: str) -> list[Session]:
    """A group session on each of the schedule's days from today to `until` that has none yet."""
    schedule = await uow.session.get(Schedule, pod_id)
    if schedule is None:
        raise Conflict("the pod has no weekly schedule yet; set one first", field="pod_id")
    today = date.today()
    if until < today:
        raise Invalid("until is in the past", field="until")
    if until > today + LONGEST_LOOK_AHEAD:
        raise Invalid("sessions are scheduled at most 26 weeks ahead", field="until")
    days = meeting_days(schedule.weekday, schedule.every_weeks, schedule.since, max(today, schedule.since), until)
    taken = set(
        (
            await uow.session.scalars(
                sa.select(Session.scheduled_for).where(
                    Session.pod_id == pod_id,
                    Session.kind == "group",
                    Session.state != "cancelled",
                    Session.scheduled_for.in_(days),
                )
            )
        ).all()
    )
    return [_new_session(uow, pod_id, "group", day, schedule.starts_at, None, by) for day in days if day not in taken]


async def schedule_session(
    uow: UnitOfWork,
    pod_id: uuid.UUID,
    *,
    kind: str,
    scheduled_for: date,
    starts_at: time | None,
    supervisee_id: uuid.UUID | None,
    by: str,
) -> Session:
    await known_pod(uow, pod_id)
    if kind == "individual":
        if supervisee_id is None:
            raise Invalid("an individual supervision names its supervisee", field="supervisee_id")
        membership = (await memberships_on(uow, [supervisee_id], scheduled_for)).get(supervisee_id)
        if membership is None or membership.pod_id != pod_id:
            raise Invalid(f"the supervisee is not a member of the pod on {scheduled_for}", field="supervisee_id")
    elif supervisee_id is not None:
        raise Invalid("only an individual supervision has a supervisee", field="supervisee_id")
    else:
        await _refuse_second_group_session(uow, pod_id, scheduled_for)
    return _new_session(uow, pod_id, kind, scheduled_for, starts_at, supervisee_id, by)


async def _refuse_second_group_session(uow: UnitOfWork, pod_id: uuid.UUID, day: date) -> None:
    query = sa.select(Session.id).where(
        Session.pod_id == pod_id, Session.kind == "group", Session.state != "cancelled", Session.scheduled_for == day
    )
    existing = (await uow.session.scalars(query)).first()
    if existing is not None:
        raise Conflict(f"the pod already has a group session on {day} ({existing})", field="scheduled_for")


def _new_session(
    uow: UnitOfWork,
    pod_id: uuid.UUID,
    kind: str,
    day: date,
    starts_at: time | None,
    supervisee_id: uuid.UUID | None,
    by: str,
) -> Session:
    session = Session(
        id=uuid.uuid4(),
        pod_id=pod_id,
        kind=kind,
        scheduled_for=day,
        starts_at=starts_at,
        supervisee_id=supervisee_id,
        state="scheduled",
        created_by=by,
        created_at=datetime.now(UTC),
    )
    uow.session.add(session)
    return session


@dataclass(frozen=True, slots=True)
class Attendance:
    worker_id: uuid.UUID
    role: str
    present: bool = True


def refuse_unless_open(session: Session) -> None:
    """A signed-off record only grows by addenda; a cancelled session has no record."""
    if session.signed_off:
        raise Conflict("the session is signed off: its record only grows by addenda", field="session_id")
    if session.state == "cancelled":
        raise Conflict("the session was cancelled", field="session_id")


async def set_attendees(uow: UnitOfWork, session: Session, attendance: Sequence[Attendance]) -> list[Attendee]:
    """Who comes (before the session) or came (after it): the pod's members on the day, and advisors who may come
    from another pod (marked as visiting). Replaces the list."""
    refuse_unless_open(session)
    attendees = await _checked(uow, session, attendance)
    for old in await attendees_of(uow, session.id):
        await uow.session.delete(old)
    await uow.session.flush()
    uow.session.add_all(attendees)
    facilitators = [a.worker_id for a in attendees if a.role == "facilitator"]
    session.facilitator_id = facilitators[0] if facilitators else None
    session.record_change()
    return attendees


async def _checked(uow: UnitOfWork, session: Session, attendance: Sequence[Attendance]) -> list[Attendee]:
    day = session.day
    ids = [a.worker_id for a in attendance]
    memberships = await memberships_on(uow, ids, day)
    known = await known_workers(uow, ids)
    seen: set[uuid.UUID] = set()
    attendees = []
    for index, person in enumerate(attendance):
        field = f"attendees.{index}.worker_id"
        if person.worker_id in seen:
            raise Invalid("a worker is listed twice", field=field)
        seen.add(person.worker_id)
        if person.worker_id not in known:
            raise Invalid(f"no worker {person.worker_id} (workers come from the allocation service)", field=field)
        membership = memberships.get(person.worker_id)
        visiting_from = None
        if membership is None or membership.pod_id != session.pod_id:
            if person.role != "advisor" or membership is None:
                raise Invalid(f"not a member of the pod on {day}; only advisors may come from another pod", field=field)
            visiting_from = membership.pod_id
        attendees.append(
            Attendee(
                session_id=session.id,
                worker_id=person.worker_id,
                role=person.role,
                present=person.present,
                visiting_from_pod_id=visiting_from,
            )
        )
    if len([a for a in attendees if a.role == "facilitator"]) > 1:
        raise Invalid("a session has one facilitator", field="attendees")
    return attendees


async def hold(uow: UnitOfWork, session: Session, *, held_on: date, attendance: Sequence[Attendance]) -> Session:
    """The session took place, with these people: its discussions can be recorded from now on. What it decided is
    published when it is signed off."""
    refuse_unless_open(session)
    if session.state == "held":
        raise Conflict(f"the session was already held on {session.held_on}", field="session_id")
    refuse_future(held_on, "held_on")
    if abs((held_on - session.scheduled_for).days) > 14:
        raise Invalid(
            f"held_on is more than two weeks from the day it was scheduled ({session.scheduled_for})", field="held_on"
        )
    session.held_on, session.state = held_on, "held"
    attendees = await set_attendees(uow, session, attendance)
    present = [a for a in attendees if a.present]
    if not any(a.role == "facilitator" for a in present):
        raise Invalid("a session held has a facilitator present", field="attendees")
    if session.kind == "individual" and session.supervisee_id not in {a.worker_id for a in present}:
        raise Invalid("the supervisee attends their own supervision", field="attendees")
    return session


async def cancel(uow: UnitOfWork, session: Session, *, reason: str) -> Session:
    refuse_unless_open(session)
    if session.state == "held":
        raise Conflict("the session was held: sign it off instead", field="session_id")
    session.state, session.cancelled_reason = "cancelled", reason
    return session
