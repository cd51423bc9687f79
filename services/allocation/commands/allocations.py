"""Allocations and transfers: periods that end and start on the same effective date, priced in continuity first."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from services.allocation.commands.refusals import refuse_future, refuse_unknown
from services.allocation.models import Allocation, Case, Membership, Pod, TransferRequest, Worker
from services.allocation.rules.continuity import AllocationSpan, ContinuityCost, continuity_cost
from services.allocation.rules.membership import held_until, member_throughout
from shared.events.allocation import AllocationCorrected, AllocationEnded, CaseAllocated, CaseTransferred
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork
from shared.vocabulary import TransferReason


async def current_allocation(case: Case) -> Allocation | None:
    allocations: list[Allocation] = await case.awaitable_attrs.allocations
    return next((a for a in allocations if a.end_date is None and not a.entered_in_error), None)


async def membership_on(uow: UnitOfWork, worker_id: uuid.UUID, day: date) -> Membership | None:
    worker = await load_worker(uow, worker_id)
    return None if worker is None else await worker_membership_on(worker, day)


async def load_worker(uow: UnitOfWork, worker_id: uuid.UUID) -> Worker | None:
    """The worker with their memberships in one query, or from the session's memory when already there."""
    return await uow.session.get(Worker, worker_id, options=[joinedload(Worker.memberships)])


async def worker_membership_on(worker: Worker, day: date) -> Membership | None:
    memberships: list[Membership] = await worker.awaitable_attrs.memberships
    return max((m for m in memberships if m.current_on(day)), key=lambda m: m.start_date, default=None)


async def child_history(uow: UnitOfWork, child_id: uuid.UUID) -> list[AllocationSpan]:
    query = (
        sa.select(Allocation)
        .join(Case, Case.id == Allocation.case_id)
        .where(Case.child_id == child_id, Allocation.entered_in_error.is_(False))
        .order_by(Allocation.start_date)
    )
    return [
        AllocationSpan(str(a.worker_id) if a.worker_id else None, str(a.pod_id), a.start_date, a.end_date)
        for a in (await uow.session.scalars(query)).all()
    ]


async def allocate(
    uow: UnitOfWork,
    case: Case,
    *,
    pod_id: uuid.UUID,
    worker_id: uuid.UUID | None,
    start_date: date,
    reason: str | None = None,
) -> Allocation:
    """Allocate to a pod (awaiting a worker) or to a worker; choosing the worker for an awaiting case ends the wait.
    `reason` is the SSDA903 SW_REASON of the social worker episode the allocation starts (e.g. LEFTRL when the
    child's previous worker left); without one the export reads a first allocation as FCONTA."""
    refuse_future(start_date, "start_date")
    refuse_unknown(TransferReason, reason, "reason")
    if reason is not None and worker_id is None:
        raise Invalid("a reason for a change of social worker needs the worker (worker_id)", field="reason")
    if not case.is_open:
        raise Conflict("the case is closed", field="case_id")
    if start_date < case.referral_date:
        raise Invalid("start_date is before the case's referral date", field="start_date")
    if await uow.session.get(Pod, pod_id) is None:
        raise Invalid(f"no pod {pod_id}", field="pod_id")
    if worker_id is not None:
        await _require_member(uow, worker_id, pod_id, start_date, date.today(), "worker_id")
    current = await current_allocation(case)
    waited: list[AllocationEnded] = []
    if current is not None:
        if current.worker_id is not None or current.pod_id != pod_id:
            raise Conflict("the case is already allocated; use a transfer to change worker or pod", field="case_id")
        if worker_id is None:
            raise Conflict("the case is already awaiting allocation in this pod", field="worker_id")
        if start_date < current.start_date:
            raise Invalid(f"start_date is before the case started awaiting ({current.start_date})", field="start_date")
        reason = reason or await _why_the_last_worker_came_off(case, current)
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
        start_reason=reason,
        entered_in_error=False,
        recorded_at=datetime.now(UTC),
    )
    case.allocations.append(allocation)
    case.record_change()
    uow.publish(
        *waited,
        CaseAllocated(
            allocation_id=allocation.id,
            case_id=case.id,
            child_id=case.child_id,
            pod_id=pod_id,
            worker_id=worker_id,
            start_date=start_date,
            reason=reason,
        ),
    )
    return allocation


async def _why_the_last_worker_came_off(case: Case, awaiting: Allocation) -> str | None:
    """The SSDA903 reason the case's previous worker was taken off it (`unallocate`), when the case has awaited a
    worker since: the change of social worker the next allocation completes happened for that reason."""
    allocations: list[Allocation] = await case.awaitable_attrs.allocations
    return next(
        (
            a.end_reason
            for a in allocations
            if a.worker_id is not None
            and not a.entered_in_error
            and a.end_date == awaiting.start_date
            and a.end_reason in TransferReason._value2member_map_
        ),
        None,
    )


async def preview_transfer(
    uow: UnitOfWork,
    case: Case,
    *,
    to_worker_id: uuid.UUID,
    effective_date: date,
    approval_threshold: int,
    to_pod_id: uuid.UUID | None = None,
) -> tuple[ContinuityCost, uuid.UUID]:
    """The continuity cost of moving the case to the worker, and the pod the worker is in on the day."""
    membership = await _receivers_membership(uow, to_worker_id, effective_date, to_pod_id)
    cost = await _price(uow, case, to_worker_id, membership.pod_id, effective_date, approval_threshold)
    return cost, membership.pod_id


async def _price(
    uow: UnitOfWork,
    case: Case,
    to_worker_id: uuid.UUID,
    to_pod_id: uuid.UUID,
    effective_date: date,
    approval_threshold: int,
) -> ContinuityCost:
    history = await child_history(uow, case.child_id)
    return continuity_cost(
        history, str(to_worker_id), str(to_pod_id), effective_date, approval_threshold=approval_threshold
    )


@dataclass(frozen=True, slots=True)
class TransferOutcome:
    """A transfer made, or, above the continuity threshold, a request waiting for a pod manager's approval."""

    cost: ContinuityCost
    allocation: Allocation | None = None
    request: TransferRequest | None = None


async def transfer_or_request(
    uow: UnitOfWork,
    case: Case,
    *,
    to_worker_id: uuid.UUID,
    to_pod_id: uuid.UUID | None,
    effective_date: date,
    reason: str,
    approval_threshold: int,
    requested_by: str,
    may_approve: bool,
) -> TransferOutcome:
    """Transfers now, unless the continuity cost needs approval and the caller may not give it: then a transfer
    request waits for the case's pod manager. A request is checked as the transfer would be, so it can be approved,
    and a case has one pending request at a time."""
    checked = await _check_transfer(
        uow, case, to_worker_id=to_worker_id, effective_date=effective_date, reason=reason, to_pod_id=to_pod_id
    )
    pod_id = checked[1].pod_id
    cost = await _price(uow, case, to_worker_id, pod_id, effective_date, approval_threshold)
    if cost.needs_approval and not may_approve:
        await _refuse_a_second_pending_request(uow, case)
        request = TransferRequest(
            id=uuid.uuid4(),
            case_id=case.id,
            to_worker_id=to_worker_id,
            to_pod_id=to_pod_id or pod_id,
            reason=reason,
            effective_date=effective_date,
            state="pending",
            continuity_cost=cost_as_dict(cost),
            requested_by=requested_by,
            requested_at=datetime.now(UTC),
        )
        uow.session.add(request)
        case.record_change()  # two requests made side by side conflict, as any two changes to one case do
        return TransferOutcome(cost, request=request)
    allocation = await transfer(
        uow,
        case,
        to_worker_id=to_worker_id,
        effective_date=effective_date,
        reason=reason,
        to_pod_id=to_pod_id,
        checked=checked,
    )
    return TransferOutcome(cost, allocation=allocation)


async def transfer(
    uow: UnitOfWork,
    case: Case,
    *,
    to_worker_id: uuid.UUID,
    effective_date: date,
    reason: str,
    to_pod_id: uuid.UUID | None = None,
    checked: tuple[Allocation, Membership] | None = None,
) -> Allocation:
    """`checked` is what `_check_transfer` found when the caller has checked the transfer already."""
    current, membership = checked or await _check_transfer(
        uow, case, to_worker_id=to_worker_id, effective_date=effective_date, reason=reason, to_pod_id=to_pod_id
    )
    current.end_date, current.end_reason = effective_date, "transferred"
    successor = Allocation(
        id=uuid.uuid4(),
        case_id=case.id,
        pod_id=membership.pod_id,
        worker_id=to_worker_id,
        start_date=effective_date,
        start_reason=reason,
        entered_in_error=False,
        recorded_at=datetime.now(UTC),
    )
    case.allocations.append(successor)
    case.record_change()
    uow.publish(
        CaseTransferred(
            case_id=case.id,
            child_id=case.child_id,
            from_allocation_id=current.id,
            to_allocation_id=successor.id,
            from_worker_id=current.worker_id,
            to_worker_id=to_worker_id,
            from_pod_id=current.pod_id,
            to_pod_id=membership.pod_id,
            effective_date=effective_date,
            reason=reason,
            across_pods=current.pod_id != membership.pod_id,
        )
    )
    return successor


async def _check_transfer(
    uow: UnitOfWork,
    case: Case,
    *,
    to_worker_id: uuid.UUID,
    effective_date: date,
    reason: str,
    to_pod_id: uuid.UUID | None,
) -> tuple[Allocation, Membership]:
    """Everything a transfer needs, checked before it is made or requested: the allocation it ends and the
    receiving worker's membership."""
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
    return current, await _receivers_membership(uow, to_worker_id, effective_date, to_pod_id)


async def _refuse_a_second_pending_request(uow: UnitOfWork, case: Case) -> None:
    pending = await uow.session.scalar(
        sa.select(TransferRequest.id).where(TransferRequest.case_id == case.id, TransferRequest.state == "pending")
    )
    if pending is not None:
        raise Conflict(
            f"transfer request {pending} for this case is waiting for approval; approve or reject it first",
            field="case_id",
        )


async def _receivers_membership(
    uow: UnitOfWork, worker_id: uuid.UUID, day: date, pod_id: uuid.UUID | None
) -> Membership:
    """The receiving worker's membership on the day (in `pod_id` when one is named), which must hold, with any
    that follow it in the pod, until today: one lookup, kept in the session for the rest of the transfer."""
    worker = await load_worker(uow, worker_id)
    membership = None if worker is None else await worker_membership_on(worker, day)
    if worker is None or membership is None:
        raise Invalid(f"worker {worker_id} is not in a pod on {day}", field="to_worker_id")
    if pod_id is not None and membership.pod_id != pod_id:
        raise Invalid(f"worker {worker_id} is not a member of pod {pod_id} on {day}", field="to_pod_id")
    await _require_member(uow, worker_id, membership.pod_id, day, date.today(), "to_worker_id")
    return membership


async def correct_allocation(
    uow: UnitOfWork,
    case: Case,
    allocation: Allocation,
    *,
    worker_id: uuid.UUID | None,
    start_date: date,
    end_date: date | None,
    entered_in_error: bool,
    note: str,
) -> Allocation:
    """A correcting fact: the period as it should have been recorded. The event keeps the history visible.

    The corrected period must be a possible one: within the case (from its referral, ended by the day it closed),
    never a second open allocation beside the case's current one, and held by a worker of the allocation's pod
    throughout. Marking an allocation entered in error keeps its recorded worker, or names one of the pod."""
    refuse_future(start_date, "start_date")
    if end_date is not None:
        refuse_future(end_date, "end_date")
        if end_date < start_date:
            raise Invalid("end_date is before start_date", field="end_date")
    if start_date < case.referral_date:
        raise Invalid(f"start_date is before the case's referral date ({case.referral_date})", field="start_date")
    if not entered_in_error:
        await _refuse_an_impossible_period(case, allocation, end_date)
    if worker_id is not None and (not entered_in_error or worker_id != allocation.worker_id):
        last = held_until(start_date, end_date, date.today())
        await _require_member(uow, worker_id, allocation.pod_id, start_date, last, "worker_id")
    allocation.worker_id, allocation.start_date, allocation.end_date = worker_id, start_date, end_date
    allocation.entered_in_error = entered_in_error
    case.record_change()
    uow.publish(
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
    )
    return allocation


async def _refuse_an_impossible_period(case: Case, allocation: Allocation, end_date: date | None) -> None:
    if case.closed_on is not None and (end_date is None or end_date > case.closed_on):
        raise Conflict(
            f"the case closed on {case.closed_on}: its allocations end by then, so this one cannot stay open or "
            "end later",
            field="end_date",
        )
    if end_date is None:
        allocations: list[Allocation] = await case.awaitable_attrs.allocations
        other = next(
            (a for a in allocations if a is not allocation and a.end_date is None and not a.entered_in_error), None
        )
        if other is not None:
            raise Conflict(
                f"allocation {other.id} (from {other.start_date}) is the case's open allocation; a case has one open "
                "allocation at a time, so this one needs its end_date",
                field="end_date",
            )


def cost_as_dict(cost: ContinuityCost) -> dict[str, object]:
    return asdict(cost)


async def _require_member(
    uow: UnitOfWork, worker_id: uuid.UUID, pod_id: uuid.UUID, first: date, last: date, field: str
) -> None:
    """The worker is in the pod every day from `first` to `last`: an allocation open today needs a worker who is
    still there today, so "who to call today" never names a leaver."""
    worker = await load_worker(uow, worker_id)
    if worker is None:
        raise Invalid(f"no worker {worker_id}", field=field)
    memberships: list[Membership] = await worker.awaitable_attrs.memberships
    if not member_throughout(memberships, pod_id, first, last):
        until = "today" if last == date.today() else str(last)
        raise Invalid(f"worker {worker_id} is not a member of pod {pod_id} from {first} until {until}", field=field)
