"""The feedback service's view of allocation's facts, asked: is this child, worker or pod known, and which pod held
a child's case or a worker on a day. Effective dates decide, never the order the facts arrived in."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from services.feedback.models import AllocationView, ChildView, MembershipView, PodView, WorkerView
from shared.problems import Invalid
from shared.runtime.unit_of_work import UnitOfWork


async def require_known(uow: UnitOfWork, *, child_id: uuid.UUID | None = None, pod_id: uuid.UUID | None = None) -> None:
    """A child or pod named in a complaint or compliment must be one allocation has told us of; a typed-in id that
    matches nobody is refused rather than counted against no one."""
    if child_id is not None and await uow.session.get(ChildView, child_id) is None:
        raise Invalid(f"no child {child_id} is known to the feedback service", field="child_id")
    if pod_id is not None and await uow.session.get(PodView, pod_id) is None:
        raise Invalid(f"no pod {pod_id} is known to the feedback service", field="pod_id")


async def require_workers_known(uow: UnitOfWork, worker_ids: list[uuid.UUID], field: str) -> None:
    for index, worker_id in enumerate(worker_ids):
        if await uow.session.get(WorkerView, worker_id) is None:
            named = field if field == "worker_id" else f"{field}.{index}"
            raise Invalid(f"no worker {worker_id} is known to the feedback service", field=named)


async def pod_of_worker(uow: UnitOfWork, worker_id: uuid.UUID, day: date) -> uuid.UUID | None:
    """The pod the worker belonged to on the day; else the pod of their latest membership that began by then."""
    memberships = (
        await uow.session.scalars(
            sa.select(MembershipView)
            .where(MembershipView.worker_id == worker_id, MembershipView.start <= day)
            .order_by(MembershipView.start.desc())
        )
    ).all()
    current = next((m for m in memberships if m.end is None or m.end >= day), None)
    chosen = current or next(iter(memberships), None)
    return chosen.pod_id if chosen else None


async def holder_of_child(uow: UnitOfWork, child_id: uuid.UUID, day: date) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """The pod and worker holding the child's case on the day; else those of the latest allocation before it (a
    closed case stays with its last pod)."""
    allocations = (
        await uow.session.scalars(
            sa.select(AllocationView)
            .where(
                AllocationView.child_id == child_id,
                AllocationView.start <= day,
                sa.or_(AllocationView.entered_in_error.is_(None), AllocationView.entered_in_error.is_(False)),
            )
            .order_by(AllocationView.start.desc())
        )
    ).all()
    current = next((a for a in allocations if a.end is None or a.end >= day), None)
    chosen = current or next(iter(allocations), None)
    return (chosen.pod_id, chosen.worker_id) if chosen else (None, None)


async def pod_names(uow: UnitOfWork) -> dict[uuid.UUID, str]:
    rows = (await uow.session.execute(sa.select(PodView.pod_id, PodView.name))).all()
    return {pod_id: name or str(pod_id) for pod_id, name in rows}
