"""Reflective practice groups: staff meeting for reflection and emotional containment. Only who facilitated, who
came and when is recorded; what was said stays in the room, so there is nowhere to write case content."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from services.supervision.commands.sessions import known_pod, refuse_future
from services.supervision.models import ReflectiveAttendance, ReflectiveGroup, ReflectiveSession
from services.supervision.queries.view import known_workers
from shared.events.supervision import ReflectivePracticeSessionHeld
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork


async def _refuse_unknown_worker(uow: UnitOfWork, worker_id: uuid.UUID, field: str) -> None:
    if not await known_workers(uow, [worker_id]):
        raise Invalid(f"no worker {worker_id} (workers come from the allocation service)", field=field)


async def create_group(
    uow: UnitOfWork, *, name: str, pod_id: uuid.UUID | None, facilitator_id: uuid.UUID, created_on: date
) -> ReflectiveGroup:
    if pod_id is not None:
        await known_pod(uow, pod_id)
    await _refuse_unknown_worker(uow, facilitator_id, "facilitator_id")
    taken = await uow.session.scalar(sa.select(ReflectiveGroup.id).where(ReflectiveGroup.name == name))
    if taken is not None:
        raise Conflict(f"a reflective practice group is called {name!r} already", field="name")
    group = ReflectiveGroup(
        id=uuid.uuid4(), name=name, pod_id=pod_id, facilitator_id=facilitator_id, created_on=created_on
    )
    uow.session.add(group)
    return group


@dataclass(frozen=True, slots=True)
class Presence:
    worker_id: uuid.UUID
    present: bool = True


async def record_session(
    uow: UnitOfWork,
    group: ReflectiveGroup,
    *,
    held_on: date,
    facilitator_id: uuid.UUID | None,
    attendance: Sequence[Presence],
    by: str,
) -> tuple[ReflectiveSession, list[ReflectiveAttendance]]:
    refuse_future(held_on, "held_on")
    if held_on < group.created_on:
        raise Invalid(f"held_on is before the group began ({group.created_on})", field="held_on")
    facilitator = facilitator_id or group.facilitator_id
    await _refuse_unknown_worker(uow, facilitator, "facilitator_id")
    ids = [person.worker_id for person in attendance]
    known = await known_workers(uow, ids)
    for index, worker_id in enumerate(ids):
        if ids.index(worker_id) != index:
            raise Invalid("a worker is listed twice", field=f"attendance.{index}.worker_id")
        if worker_id not in known:
            raise Invalid(
                f"no worker {worker_id} (workers come from allocation)", field=f"attendance.{index}.worker_id"
            )
    if not any(person.present for person in attendance):
        raise Invalid("a session someone attended: mark at least one worker present", field="attendance")
    taken = await uow.session.scalar(
        sa.select(ReflectiveSession.id).where(
            ReflectiveSession.group_id == group.id, ReflectiveSession.held_on == held_on
        )
    )
    if taken is not None:
        raise Conflict(f"the group's session of {held_on} is recorded already", field="held_on")
    session = ReflectiveSession(
        id=uuid.uuid4(), group_id=group.id, held_on=held_on, facilitator_id=facilitator, recorded_by=by
    )
    uow.session.add(session)
    await uow.session.flush()
    rows = [ReflectiveAttendance(session_id=session.id, worker_id=p.worker_id, present=p.present) for p in attendance]
    uow.session.add_all(rows)
    uow.publish(
        ReflectivePracticeSessionHeld(
            reflective_session_id=session.id,
            group_id=group.id,
            pod_id=group.pod_id,
            held_on=held_on,
            facilitator_id=facilitator,
            attendee_ids=[p.worker_id for p in attendance if p.present],
            apologies=sum(1 for p in attendance if not p.present),
        )
    )
    return session, rows
