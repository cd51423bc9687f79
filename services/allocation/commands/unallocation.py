"""A worker taken off a case without a successor: their episode ends and the case awaits a worker in its pod."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from services.allocation.commands.allocations import current_allocation
from services.allocation.commands.refusals import refuse_future, refuse_unknown
from services.allocation.models import Allocation, Case
from shared.events.allocation import CaseUnallocated
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork
from shared.vocabulary import TransferReason


async def unallocate(uow: UnitOfWork, case: Case, allocation: Allocation, *, end_date: date, reason: str) -> Allocation:
    """Ends the worker's allocation on `end_date` for an SSDA903 `reason` (e.g. LEFTRL) and returns the case's new
    allocation to the same pod, awaiting a worker from that day. The next worker allocated takes the reason as
    the reason their episode began, unless told another."""
    refuse_future(end_date, "end_date")
    refuse_unknown(TransferReason, reason, "reason")
    if allocation.id != getattr(await current_allocation(case), "id", None):
        raise Conflict("only the case's current allocation can end; this one has ended already", field="allocation_id")
    if allocation.worker_id is None:
        raise Conflict("the case already awaits a worker in its pod", field="allocation_id")
    if end_date < allocation.start_date:
        raise Invalid(f"end_date is before the allocation started ({allocation.start_date})", field="end_date")
    if end_date == allocation.start_date:
        raise Conflict(
            f"the allocation started on {allocation.start_date}: ending it that day would leave a worker who held "
            "the case for no time; correct it as entered in error instead",
            field="end_date",
        )
    allocation.end_date, allocation.end_reason = end_date, reason
    awaiting = Allocation(
        id=uuid.uuid4(),
        case_id=case.id,
        pod_id=allocation.pod_id,
        worker_id=None,
        start_date=end_date,
        recorded_at=datetime.now(UTC),
    )
    case.allocations.append(awaiting)
    case.record_change()
    uow.publish(
        CaseUnallocated(
            case_id=case.id,
            child_id=case.child_id,
            allocation_id=allocation.id,
            worker_id=allocation.worker_id,
            pod_id=allocation.pod_id,
            end_date=end_date,
            reason=reason,
            awaiting_allocation_id=awaiting.id,
        )
    )
    return awaiting
