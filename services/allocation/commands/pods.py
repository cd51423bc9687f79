from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from services.allocation.models import Pod
from shared.events.allocation import PodCreated, PodRenamed
from shared.problems import Conflict
from shared.runtime.unit_of_work import UnitOfWork


async def create_pod(uow: UnitOfWork, name: str, created_on: date) -> Pod:
    await _refuse_duplicate_name(uow, name)
    pod = Pod(id=uuid.uuid4(), name=name, created_on=created_on)
    uow.session.add(pod)
    await uow.session.flush()
    uow.publish(PodCreated(pod_id=pod.id, name=pod.name, created_on=pod.created_on))
    return pod


async def rename_pod(uow: UnitOfWork, pod: Pod, name: str) -> Pod:
    if name != pod.name:
        await _refuse_duplicate_name(uow, name)
        pod.name = name
        await uow.session.flush()
        uow.publish(PodRenamed(pod_id=pod.id, name=name))
    return pod


async def _refuse_duplicate_name(uow: UnitOfWork, name: str) -> None:
    if await uow.session.scalar(sa.select(Pod.id).where(Pod.name == name)):
        raise Conflict(f"a pod called {name!r} already exists", field="name")
