"""Workers and their memberships of pods, as dated periods."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from services.allocation.commands.refusals import refuse_unknown
from services.allocation.models import Membership, Pod, Worker
from services.allocation.rules.membership import MAX_FTE, MIN_FTE
from shared.events.allocation import WorkerEmploymentChanged, WorkerJoinedPod, WorkerLeftPod, WorkerRegistered
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork
from shared.vocabulary import Employment, PodRole


async def register_worker(uow: UnitOfWork, *, name: str, registration_number: str | None, employment: str) -> Worker:
    refuse_unknown(Employment, employment, "employment")
    with uow.session.no_autoflush:
        registered = registration_number and await uow.session.scalar(
            sa.select(Worker.id).where(Worker.registration_number == registration_number)
        )
    if registered:
        raise Conflict(f"a worker with registration {registration_number} exists", field="registration_number")
    worker = Worker(
        id=uuid.uuid4(),
        name=name,
        registration_number=registration_number,
        employment=employment,
        memberships=[],
        covers=[],
    )
    uow.session.add(worker)
    # Written now: allocations and covers may name this worker in the same unit of work.
    await uow.session.flush()
    event = WorkerRegistered(
        worker_id=worker.id,
        registration_number=registration_number,
        employment=employment,
    )
    uow.publish(event)
    return worker


async def update_worker(uow: UnitOfWork, worker: Worker, *, name: str | None, employment: str | None) -> Worker:
    """Corrects a worker's name or employment; a change of employment is published (names never are)."""
    if name is not None:
        worker.name = name
    if employment is not None and employment != worker.employment:
        refuse_unknown(Employment, employment, "employment")
        worker.employment = employment
        uow.publish(WorkerEmploymentChanged(worker_id=worker.id, employment=employment))
    await uow.session.flush()
    return worker


async def join_pod(
    uow: UnitOfWork, worker: Worker, *, pod_id: uuid.UUID, role: str, fte: float, start_date: date
) -> Membership:
    refuse_unknown(PodRole, role, "role")
    if not MIN_FTE <= fte <= MAX_FTE:
        raise Invalid(f"fte must be from {MIN_FTE} to {MAX_FTE}, got {fte}", field="fte")
    if await uow.session.get(Pod, pod_id) is None:
        raise Invalid(f"no pod {pod_id}", field="pod_id")
    memberships: list[Membership] = await worker.awaitable_attrs.memberships
    if any(m.end_date is None or m.end_date >= start_date for m in memberships):
        raise Conflict("the worker already has a membership on or after that date; end it first", field="start_date")
    membership = Membership(
        id=uuid.uuid4(), worker_id=worker.id, pod_id=pod_id, role=role, fte=fte, start_date=start_date
    )
    memberships.append(membership)
    event = WorkerJoinedPod(
        membership_id=membership.id,
        worker_id=worker.id,
        pod_id=pod_id,
        role=role,
        fte=fte,
        start_date=start_date,
    )
    uow.publish(event)
    return membership


async def end_membership(uow: UnitOfWork, membership: Membership, *, end_date: date) -> Membership:
    if membership.end_date is not None:
        raise Conflict(f"the membership already ended on {membership.end_date}", field="membership_id")
    if end_date < membership.start_date:
        raise Invalid("end_date is before the membership started", field="end_date")
    membership.end_date = end_date
    uow.publish(
        WorkerLeftPod(
            membership_id=membership.id, worker_id=membership.worker_id, pod_id=membership.pod_id, end_date=end_date
        )
    )
    return membership
