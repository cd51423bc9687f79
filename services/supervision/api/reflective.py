"""Reflective practice groups: staff meeting for reflection and emotional containment; attendance only."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response, status

from services.supervision.api.callers import GroupOrganiser, Reader
from services.supervision.api.schemas.reflective import (
    GroupIn,
    GroupOut,
    PresenceOut,
    ReflectiveSessionIn,
    ReflectiveSessionOut,
)
from services.supervision.commands import reflective as commands
from services.supervision.models import ReflectiveAttendance, ReflectiveGroup, ReflectiveSession
from services.supervision.queries import reflective as queries
from services.supervision.queries import scope
from shared.problems import Forbidden
from shared.runtime.http import UnitOfWorkDep, service_router

router = service_router(tags=["reflective practice"])


def group_out(group: ReflectiveGroup) -> GroupOut:
    return GroupOut(
        id=group.id,
        name=group.name,
        pod_id=group.pod_id,
        facilitator_id=group.facilitator_id,
        created_on=group.created_on,
    )


def session_out(session: ReflectiveSession, attendance: list[ReflectiveAttendance]) -> ReflectiveSessionOut:
    return ReflectiveSessionOut(
        id=session.id,
        group_id=session.group_id,
        held_on=session.held_on,
        facilitator_id=session.facilitator_id,
        attended=sum(1 for a in attendance if a.present),
        apologies=sum(1 for a in attendance if not a.present),
        attendance=[PresenceOut(worker_id=a.worker_id, present=a.present) for a in attendance],
    )


@router.post(
    "/reflective-groups",
    status_code=status.HTTP_201_CREATED,
    response_model=GroupOut,
    responses={409: {"description": "A group has that name"}},
)
async def create_group(body: GroupIn, uow: UnitOfWorkDep, principal: GroupOrganiser, response: Response) -> GroupOut:
    """Start a reflective practice group: of one pod (its manager or a senior social worker), or across pods (a
    head of service)."""
    if body.pod_id is None and not principal.service_wide:
        raise Forbidden("a group across pods is started by a head of service", field="pod_id")
    if body.pod_id is not None:
        scope.pod_for(uow, principal, body.pod_id, "write", "/reflective-groups")
    group = await commands.create_group(
        uow, name=body.name, pod_id=body.pod_id, facilitator_id=body.facilitator_id, created_on=body.created_on
    )
    response.headers["Location"] = f"/supervision/v1/reflective-groups/{group.id}"
    return group_out(group)


@router.get("/reflective-groups", response_model=list[GroupOut])
async def list_groups(
    uow: UnitOfWorkDep,
    principal: Reader,
    pod_id: Annotated[uuid.UUID | None, Query(description="Only this pod's groups")] = None,
) -> list[GroupOut]:
    """The reflective practice groups the caller may see: their pods' and those across pods."""
    return [group_out(group) for group in await queries.groups(uow, principal, pod_id)]


@router.get("/reflective-groups/{group_id}", response_model=GroupOut)
async def get_group(group_id: uuid.UUID, uow: UnitOfWorkDep, principal: Reader) -> GroupOut:
    """One reflective practice group."""
    return group_out(await scope.group_for(uow, principal, group_id, "read"))


@router.post(
    "/reflective-groups/{group_id}/sessions",
    status_code=status.HTTP_201_CREATED,
    response_model=ReflectiveSessionOut,
    responses={409: {"description": "That day's session is recorded already"}},
)
async def record_session(
    group_id: uuid.UUID, body: ReflectiveSessionIn, uow: UnitOfWorkDep, principal: GroupOrganiser, response: Response
) -> ReflectiveSessionOut:
    """Record that the group met: the day, the facilitator, who came and who sent apologies. Nothing else: what is
    said in reflective practice stays in the room, so the body takes no notes and no case content."""
    group = await scope.group_for(uow, principal, group_id, "write")
    session, attendance = await commands.record_session(
        uow,
        group,
        held_on=body.held_on,
        facilitator_id=body.facilitator_id,
        attendance=[commands.Presence(p.worker_id, p.present) for p in body.attendance],
        by=principal.subject,
    )
    response.headers["Location"] = f"/supervision/v1/reflective-groups/{group.id}/sessions/{session.id}"
    return session_out(session, attendance)


@router.get("/reflective-groups/{group_id}/sessions", response_model=list[ReflectiveSessionOut])
async def list_sessions(group_id: uuid.UUID, uow: UnitOfWorkDep, principal: Reader) -> list[ReflectiveSessionOut]:
    """The group's meetings, newest first, with attendance."""
    group = await scope.group_for(uow, principal, group_id, "read")
    return [session_out(session, attendance) for session, attendance in await queries.sessions_of(uow, group.id)]
