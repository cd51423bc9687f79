"""Allocations and transfers: periods that end and start on the same effective date, priced in continuity first."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from services.allocation.commands.refusals import refuse_future, refuse_unknown
from services.allocation.models import Allocation, Case, Membership, Pod, Worker, outbox
from services.allocation.rules.codes import TransferReason
from services.allocation.rules.continuity import AllocationSpan, ContinuityCost, continuity_cost
from shared.events.allocation import AllocationCorrected, AllocationEnded, CaseAllocated, CaseTransferred
from shared.problems import Conflict, Invalid


async def current_allocation(case: Case) -> Allocation | None:
    allocations: list[Allocation] = await case.awaitable_attrs.allocations
    return next((a for a in allocations if a.end_date is None and not a.entered_in_error), None)


async def membership_on(session: AsyncSession, worker_id: uuid.UUID, day: date) -> Membership | None:
    worker = await load_worker(session, worker_id)
    return None if worker is None else await worker_membership_on(worker, day)


async def load_worker(session: AsyncSession, worker_id: uuid.UUID) -> Worker | None:
    """The worker with their memberships in one query, or from the session's memory when already there."""
    return await session.get(Worker, worker_id, options=[joinedload(Worker.memberships)])


async def worker_membership_on(worker: Worker, day: date) -> Membership | None:
    memberships: list[Membership] = await worker.awaitable_attrs.memberships
    return max((m for m in memberships if m.current_on(day)), key=lambda m: m.start_date, default=None)


async def child_history(session: AsyncSession, child_id: uuid.UUID) -> list[AllocationSpan]:
    query = (
        sa.select(Allocation)
        .join(Case, Case.id == Allocation.case_id)
        .where(Case.child_id == child_id, Allocation.entered_in_error.is_(False))
        .order_by(Allocation.start_date)
    )
    return [
        AllocationSpan(str(a.worker_id) if a.worker_id else None, str(a.pod_id), a.start_date, a.end_date)
        for a in (await session.scalars(query)).all()
    ]


async def allocate(
    session: AsyncSession, case: Case, *, pod_id: uuid.UUID, worker_id: uuid.UUID | None, start_date: date
) -> Allocation:
    """Allocate to a pod (awaiting a worker) or to a worker; choosing the worker for an awaiting case ends the wait."""
    refuse_future(start_date, "start_date")
    if not case.is_open:
        raise Conflict("the case is closed", field="case_id")
    if start_date < case.referral_date:
        raise Invalid("start_date is before the case's referral date", field="start_date")
    if await session.get(Pod, pod_id) is None:
        raise Invalid(f"no pod {pod_id}", field="pod_id")
    if worker_id is not None:
        await _require_member(session, worker_id, pod_id, start_date, "worker_id")
    current = await current_allocation(case)
    waited: list[AllocationEnded] = []
    if current is not None:
        if current.worker_id is not None or current.pod_id != pod_id:
            raise Conflict("the case is already allocated; use a transfer to change worker or pod", field="case_id")
        if worker_id is None:
            raise Conflict("the case is already awaiting allocation in this pod", field="worker_id")
        if start_date < current.start_date:
            raise Invalid(f"start_date is before the case started awaiting ({current.start_date})", field="start_date")
        current.end_date, current.end_reason = start_date, "worker_allocated"
        waited.append(
            AllocationEnded(
                allocation_id=current.id,
                case_id=case.id,
                child_id=case.child_id,
                end_date=start_date,
                reason="worker_allocated",
            )
        )
    allocation = Allocation(
        id=uuid.uuid4(),
        case_id=case.id,
        pod_id=pod_id,
        worker_id=worker_id,
        start_date=start_date,
        recorded_at=datetime.now(UTC),
    )
    case.allocations.append(allocation)
    case.record_change()
    await outbox.stage(
        session,
        [
            *waited,
            CaseAllocated(
                allocation_id=allocation.id,
                case_id=case.id,
                child_id=case.child_id,
                pod_id=pod_id,
                worker_id=worker_id,
                start_date=start_date,
            ),
        ],
    )
    return allocation


async def preview_transfer(
    session: AsyncSession, case: Case, *, to_worker_id: uuid.UUID, effective_date: date, approval_threshold: int
) -> tuple[ContinuityCost, uuid.UUID]:
    membership = await membership_on(session, to_worker_id, effective_date)
    if membership is None:
        raise Invalid(f"worker {to_worker_id} is not in a pod on {effective_date}", field="to_worker_id")
    history = await child_history(session, case.child_id)
    cost = continuity_cost(
        history, str(to_worker_id), str(membership.pod_id), effective_date, approval_threshold=approval_threshold
    )
    return cost, membership.pod_id


async def transfer(
    session: AsyncSession,
    case: Case,
    *,
    to_worker_id: uuid.UUID,
    effective_date: date,
    reason: str,
    to_pod_id: uuid.UUID | None = None,
) -> Allocation:
    refuse_future(effective_date, "effective_date")
    refuse_unknown(TransferReason, reason, "reason")
    current = await current_allocation(case)
    if current is None or current.worker_id is None:
        raise Conflict("the case has no allocated worker to transfer from; allocate it instead", field="case_id")
    if current.worker_id == to_worker_id:
        raise Conflict("the case is already allocated to this worker", field="to_worker_id")
    if effective_date < current.start_date:
        raise Invalid(
            f"effective_date is before the current allocation started ({current.start_date})", field="effective_date"
        )
    if effective_date == current.start_date:
        raise Conflict(
            f"the current allocation started on {current.start_date}: a transfer that day would leave a worker who "
            "held the case for no time; correct that allocation instead",
            field="effective_date",
        )
    worker = await load_worker(session, to_worker_id)
    membership = await worker_membership_on(worker, effective_date) if worker else None
    if membership is None:
        raise Invalid(f"worker {to_worker_id} is not in a pod on {effective_date}", field="to_worker_id")
    pod_id = to_pod_id or membership.pod_id
    await _require_member(session, to_worker_id, pod_id, effective_date, "to_worker_id")  # `worker` is in memory
    current.end_date, current.end_reason = effective_date, "transferred"
    successor = Allocation(
        id=uuid.uuid4(),
        case_id=case.id,
        pod_id=pod_id,
        worker_id=to_worker_id,
        start_date=effective_date,
        start_reason=reason,
        recorded_at=datetime.now(UTC),
    )
    case.allocations.append(successor)
    case.record_change()
    event = CaseTransferred(
        case_id=case.id,
        child_id=case.child_id,
        from_allocation_id=current.id,
        to_allocation_id=successor.id,
        from_worker_id=current.worker_id,
        to_worker_id=to_worker_id,
        from_pod_id=current.pod_id,
        to_pod_id=pod_id,
        effective_date=effective_date,
        reason=reason,
        across_pods=current.pod_id != pod_id,
    )
    await outbox.stage(session, [event])
    return successor


async def correct_allocation(
    session: AsyncSession,
    case: Case,
    allocation: Allocation,
    *,
    worker_id: uuid.UUID | None,
    start_date: date,
    end_date: date | None,
    entered_in_error: bool,
    note: str,
) -> Allocation:
    """A correcting fact: the period as it should have been recorded. The event keeps the history visible."""
    refuse_future(start_date, "start_date")
    if end_date is not None and end_date < start_date:
        raise Invalid("end_date is before start_date", field="end_date")
    if worker_id is not None and not entered_in_error:
        await _require_member(session, worker_id, allocation.pod_id, start_date, "worker_id")
    allocation.worker_id, allocation.start_date, allocation.end_date = worker_id, start_date, end_date
    allocation.entered_in_error = entered_in_error
    case.record_change()
    await outbox.stage(
        session,
        [
            AllocationCorrected(
                allocation_id=allocation.id,
                case_id=case.id,
                child_id=case.child_id,
                pod_id=allocation.pod_id,
                worker_id=worker_id,
                start_date=start_date,
                end_date=end_date,
                entered_in_error=entered_in_error,
                note=note,
            )
        ],
    )
    return allocation


def cost_as_dict(cost: ContinuityCost) -> dict[str, object]:
    return asdict(cost)


async def _require_member(
    session: AsyncSession, worker_id: uuid.UUID, pod_id: uuid.UUID, day: date, field: str
) -> None:
    worker = await load_worker(session, worker_id)
    if worker is None:
        raise Invalid(f"no worker {worker_id}", field=field)
    membership = await worker_membership_on(worker, day)
    if membership is None or membership.pod_id != pod_id:
        raise Invalid(f"worker {worker_id} is not a member of pod {pod_id} on {day}", field=field)
