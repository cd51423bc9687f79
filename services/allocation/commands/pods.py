from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.models import Pod, outbox
from shared.events.allocation import PodCreated
from shared.problems import Conflict


async def create_pod(session: AsyncSession, name: str, created_on: date) -> Pod:
    await _refuse_duplicate_name(session, name)
    pod = Pod(id=uuid.uuid4(), name=name, created_on=created_on)
    session.add(pod)
    await session.flush()
    await outbox.stage(session, [PodCreated(pod_id=pod.id, name=pod.name, created_on=pod.created_on)])
    return pod


async def rename_pod(session: AsyncSession, pod: Pod, name: str) -> Pod:
    if name != pod.name:
        await _refuse_duplicate_name(session, name)
        pod.name = name
        await session.flush()
    return pod


async def _refuse_duplicate_name(session: AsyncSession, name: str) -> None:
    if await session.scalar(sa.select(Pod.id).where(Pod.name == name)):
        raise Conflict(f"a pod called {name!r} already exists", field="name")
