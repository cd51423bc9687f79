"""A pod's weekly schedule and its sessions: scheduled, held with who attended, signed off, cancelled; addenda."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Query, Response, status

from services.supervision.api.callers import PodStaff, Reader
from services.supervision.api.schemas.days import Day
from services.supervision.api.schemas.sessions import (
    AddendumIn,
    AddendumOut,
    AttendeeIn,
    AttendeeOut,
    AttendeesIn,
    CancelIn,
    DiscussionBrief,
    HeldIn,
    MeetingDay,
    ScheduleIn,
    ScheduleOut,
    ScheduleSessionsIn,
    SessionIn,
    SessionOut,
    SessionSummary,
)
from services.supervision.commands import sessions as commands
from services.supervision.commands import sign_off as signing
from services.supervision.models import Addendum, Session
from services.supervision.queries import scope
from services.supervision.queries import sessions as queries
from services.supervision.rules.codes import WEEKDAYS, SessionStateCode
from shared.problems import Forbidden
from shared.runtime.http import IfMatch, Page, UnitOfWorkDep, etag, service_router

router = service_router(tags=["sessions"])


def summary(session: Session) -> SessionSummary:
    return SessionSummary.model_validate(_summary_fields(session))


def _summary_fields(session: Session) -> dict[str, object]:
    return {
        "id": session.id,
        "pod_id": session.pod_id,
        "kind": session.kind,
        "scheduled_for": session.scheduled_for,
        "starts_at": session.starts_at.strftime("%H:%M") if session.starts_at else None,
        "state": session.state,
        "held_on": session.held_on,
        "facilitator_id": session.facilitator_id,
        "supervisee_id": session.supervisee_id,
    }


def addendum_out(addendum: Addendum) -> AddendumOut:
    return AddendumOut(
        id=addendum.id,
        session_id=addendum.session_id,
        child_id=addendum.child_id,
        decision_id=addendum.decision_id,
        text=addendum.text,
        written_by=addendum.written_by,
        written_on=addendum.written_on,
        written_at=addendum.written_at,
    )


def session_out(record: queries.SessionRecord) -> SessionOut:
    session = record.session
    return SessionOut.model_validate(
        {
            **_summary_fields(session),
            "cancelled_reason": session.cancelled_reason,
            "signed_off_by": session.signed_off_by,
            "signed_off_at": session.signed_off_at,
            "attendees": [
                AttendeeOut(
                    worker_id=a.worker_id, role=a.role, present=a.present, visiting_from_pod_id=a.visiting_from_pod_id
                )
                for a in record.attendees
            ],
            "discussions": [
                DiscussionBrief(
                    id=parts.discussion.id,
                    child_ids=[child.child_id for child in parts.children],
                    decision=parts.discussion.decision,
                    actions=len(parts.actions),
                    scores=len(parts.scores),
                )
                for parts in record.discussions
            ],
            "addenda": [addendum_out(addendum) for addendum in record.addenda],
        }
    )


def schedule_out(view: queries.ScheduleView) -> ScheduleOut:
    schedule = view.schedule
    return ScheduleOut(
        pod_id=schedule.pod_id,
        weekday=WEEKDAYS[schedule.weekday],
        starts_at=schedule.starts_at.strftime("%H:%M"),
        every_weeks=schedule.every_weeks,
        since=schedule.since,
        upcoming=[MeetingDay(day=day, session_id=session_id) for day, session_id in view.upcoming],
    )


def _attendance(attendees: list[AttendeeIn]) -> list[commands.Attendance]:
    return [commands.Attendance(a.worker_id, a.role, a.present) for a in attendees]


@router.put("/pods/{pod_id}/schedule", response_model=ScheduleOut)
async def set_schedule(
    pod_id: uuid.UUID,
    body: ScheduleIn,
    uow: UnitOfWorkDep,
    principal: PodStaff,
    response: Response,
    if_match: IfMatch = None,
) -> ScheduleOut:
    """Set the pod's weekly group supervision: the day, the time, every how many weeks, from when. Send the
    schedule's `ETag` as `If-Match` to change one already set."""
    scope.pod_for(uow, principal, pod_id, "write", "/schedule")
    schedule = await commands.set_schedule(
        uow,
        pod_id,
        weekday=WEEKDAYS.index(body.weekday),
        starts_at=body.start_time(),
        every_weeks=body.every_weeks,
        since=body.since,
        if_match=if_match,
    )
    await uow.flush()  # the schedule's version, for its ETag
    response.headers["ETag"] = etag(schedule.version)
    return schedule_out(await queries.schedule_ahead(uow, pod_id, date.today(), 8))


@router.get("/pods/{pod_id}/schedule", response_model=ScheduleOut)
async def get_schedule(
    pod_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: Reader,
    response: Response,
    weeks: Annotated[int, Query(ge=1, le=26, description="How many weeks ahead to list")] = 8,
    as_at: Annotated[Day | None, Query(description="List from this day; defaults to today")] = None,
) -> ScheduleOut:
    """The pod's weekly schedule and its next meeting days, each with the session scheduled on it, if any."""
    scope.pod_for(uow, principal, pod_id, "read", "/schedule")
    view = await queries.schedule_ahead(uow, pod_id, as_at or date.today(), weeks)
    response.headers["ETag"] = etag(view.schedule.version)
    return schedule_out(view)


@router.post(
    "/pods/{pod_id}/schedule/sessions",
    status_code=status.HTTP_201_CREATED,
    response_model=list[SessionSummary],
    responses={409: {"description": "The pod has no schedule"}},
)
async def schedule_sessions(
    pod_id: uuid.UUID, body: ScheduleSessionsIn, uow: UnitOfWorkDep, principal: PodStaff
) -> list[SessionSummary]:
    """Schedule the group sessions of the pod's weekly schedule from today to `until`; days that have a session
    already are left as they are, so asking twice schedules nothing twice."""
    scope.pod_for(uow, principal, pod_id, "write", "/schedule/sessions")
    sessions = await commands.schedule_sessions(uow, pod_id, until=body.until, by=principal.subject)
    return [summary(session) for session in sessions]


@router.post(
    "/pods/{pod_id}/sessions",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionSummary,
    responses={409: {"description": "The pod has a group session that day already"}},
)
async def schedule_session(
    pod_id: uuid.UUID, body: SessionIn, uow: UnitOfWorkDep, principal: PodStaff, response: Response
) -> SessionSummary:
    """Schedule one session: the pod's group supervision, or an individual supervision of one of its members."""
    scope.pod_for(uow, principal, pod_id, "write", "/sessions")
    session = await commands.schedule_session(
        uow,
        pod_id,
        kind=body.kind,
        scheduled_for=body.scheduled_for,
        starts_at=body.start_time(),
        supervisee_id=body.supervisee_id,
        by=principal.subject,
    )
    await uow.flush()  # the session's version, for its ETag
    response.headers["Location"] = f"/supervision/v1/sessions/{session.id}"
    response.headers["ETag"] = etag(session.version)
    return summary(session)


@router.get("/pods/{pod_id}/sessions", response_model=Page[SessionSummary])
async def list_sessions(
    pod_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: Reader,
    from_: Annotated[Day | None, Query(alias="from", description="Scheduled on or after")] = None,
    to: Annotated[Day | None, Query(description="Scheduled on or before")] = None,
    state: Annotated[SessionStateCode | None, Query(description="Only sessions in this state")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=80, description="next_cursor from the previous page")] = None,
) -> Page[SessionSummary]:
    """The pod's sessions, newest first, a page at a time; `state=held` lists those awaiting sign-off."""
    scope.pod_for(uow, principal, pod_id, "read", "/sessions")
    sessions, next_cursor = await queries.sessions_of(
        uow, pod_id, since=from_, until=to, state=state, limit=limit, cursor=cursor
    )
    return Page[SessionSummary](items=[summary(s) for s in sessions], next_cursor=next_cursor)


@router.get("/sessions/{session_id}", response_model=SessionOut)
async def get_session(session_id: uuid.UUID, uow: UnitOfWorkDep, principal: Reader, response: Response) -> SessionOut:
    """One session: who attended (advisors from other pods marked), what it discussed, its addenda. Its `ETag` is
    what `If-Match` carries on a change."""
    session = await scope.session_for(uow, principal, session_id, "read")
    response.headers["ETag"] = etag(session.version)
    return session_out(await queries.session_record(uow, session))


@router.put("/sessions/{session_id}/attendees", response_model=SessionOut)
async def set_attendees(
    session_id: uuid.UUID,
    body: AttendeesIn,
    uow: UnitOfWorkDep,
    principal: PodStaff,
    response: Response,
    if_match: IfMatch = None,
) -> SessionOut:
    """Who comes, or came, and in what role: the pod's members on the day (facilitator, presenters, participants,
    observers), and advisors, who may come from another pod and are marked as visiting. Replaces the list; until
    the session is signed off."""
    session = await scope.session_for(uow, principal, session_id, "write", "/attendees", if_match=if_match)
    await commands.set_attendees(uow, session, _attendance(body.attendees))
    await uow.flush()  # the session's version, for its ETag
    response.headers["ETag"] = etag(session.version)
    return session_out(await queries.session_record(uow, session))


@router.post("/sessions/{session_id}/held", response_model=SessionOut, responses={409: {"description": "Held already"}})
async def hold_session(
    session_id: uuid.UUID,
    body: HeldIn,
    uow: UnitOfWorkDep,
    principal: PodStaff,
    response: Response,
    if_match: IfMatch = None,
) -> SessionOut:
    """Record that the session took place, on a day and with whom (a facilitator present); its case discussions
    can be recorded from then on."""
    session = await scope.session_for(uow, principal, session_id, "write", "/held", if_match=if_match)
    await commands.hold(uow, session, held_on=body.held_on, attendance=_attendance(body.attendees))
    await uow.flush()
    response.headers["ETag"] = etag(session.version)
    return session_out(await queries.session_record(uow, session))


@router.post("/sessions/{session_id}/cancel", response_model=SessionSummary)
async def cancel_session(
    session_id: uuid.UUID, body: CancelIn, uow: UnitOfWorkDep, principal: PodStaff, if_match: IfMatch = None
) -> SessionSummary:
    """Cancel a session that has not taken place, saying why."""
    session = await scope.session_for(uow, principal, session_id, "write", "/cancel", if_match=if_match)
    return summary(await commands.cancel(uow, session, reason=body.reason))


@router.post(
    "/sessions/{session_id}/sign-off",
    response_model=SessionOut,
    responses={409: {"description": "Not held, or signed off already"}},
)
async def sign_off_session(
    session_id: uuid.UUID, uow: UnitOfWorkDep, principal: PodStaff, response: Response, if_match: IfMatch = None
) -> SessionOut:
    """The pod manager (or the worker who facilitated) signs the record off. From then on it only grows by
    addenda; each child's decision is published to the child's one story, with the scaling scores, the actions
    agreed and that the session was held. Send the session's `ETag` as `If-Match` to sign off what you read."""
    session = await scope.session_for(uow, principal, session_id, "write", "/sign-off", if_match=if_match)
    if not scope.may_sign_off(principal, session):
        raise Forbidden("the pod manager or the session's facilitator signs it off", field="session_id")
    await signing.sign_off(uow, session, by=principal.subject, worker_id=principal.worker_id)
    await uow.flush()
    response.headers["ETag"] = etag(session.version)
    return session_out(await queries.session_record(uow, session))


@router.post(
    "/sessions/{session_id}/addenda",
    status_code=status.HTTP_201_CREATED,
    response_model=AddendumOut,
    responses={409: {"description": "Not signed off yet: edit the record instead"}},
)
async def add_addendum(
    session_id: uuid.UUID, body: AddendumIn, uow: UnitOfWorkDep, principal: PodStaff, response: Response
) -> AddendumOut:
    """Add to a signed-off record: about the session, a child, or one decision. The record itself never changes;
    an addendum about a child goes to the child's story too."""
    session = await scope.session_for(uow, principal, session_id, "write", "/addenda")
    addendum = await signing.add_addendum(
        uow, session, text=body.text, child_id=body.child_id, decision_id=body.decision_id, by=principal.subject
    )
    response.headers["Location"] = f"/supervision/v1/sessions/{session.id}/addenda/{addendum.id}"
    return addendum_out(addendum)
