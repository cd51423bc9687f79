"""Read use cases."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.models import Pod
from shared.problems import NotFound


async def get_pod(session: AsyncSession, pod_id: uuid.UUID) -> Pod:
    pod = await session.get(Pod, pod_id)
    if pod is None:
        raise NotFound(f"no pod {pod_id}", field="pod_id")
    return pod
