"""Reflective practice groups and their attendance."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from services.supervision.models import ReflectiveAttendance, ReflectiveGroup, ReflectiveSession
from shared.auth import Principal
from shared.runtime.unit_of_work import UnitOfWork


async def groups(uow: UnitOfWork, principal: Principal, pod_id: uuid.UUID | None) -> list[ReflectiveGroup]:
    """The groups the caller may see: every one for a head of service; else their pods' and those across pods."""
    query = sa.select(ReflectiveGroup).order_by(ReflectiveGroup.name)
    if pod_id is not None:
        query = query.where(ReflectiveGroup.pod_id == pod_id)
    if not principal.service_wide:
        query = query.where(sa.or_(ReflectiveGroup.pod_id.is_(None), ReflectiveGroup.pod_id.in_(principal.pods)))
    return list((await uow.session.scalars(query)).all())


async def sessions_of(
    uow: UnitOfWork, group_id: uuid.UUID
) -> list[tuple[ReflectiveSession, list[ReflectiveAttendance]]]:
    sessions = list(
        (
            await uow.session.scalars(
                sa.select(ReflectiveSession)
                .where(ReflectiveSession.group_id == group_id)
                .order_by(ReflectiveSession.held_on.desc())
            )
        ).all()
    )
    attendance: dict[uuid.UUID, list[ReflectiveAttendance]] = {}
    if sessions:
        query = sa.select(ReflectiveAttendance).where(ReflectiveAttendance.session_id.in_([s.id for s in sessions]))
        for row in (await uow.session.scalars(query)).all():
            attendance.setdefault(row.session_id, []).append(row)
    return [(session, sorted(attendance.get(session.id, []), key=lambda a: str(a.worker_id))) for session in sessions]
