"""Write use cases. They never commit: the caller owns the transaction."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.models import Pod, outbox
from shared.problems import Conflict


async def create_pod(session: AsyncSession, name: str, created_on: date) -> Pod:
    if await session.scalar(sa.select(Pod.id).where(Pod.name == name)):
        raise Conflict(f"a pod called {name!r} already exists", field="name")
    pod = Pod(id=uuid.uuid4(), name=name, created_on=created_on)
    session.add(pod)
    await session.flush()
    await outbox.stage(session, [pod.created()])
    return pod
