"""Transfers above the continuity threshold wait for a pod manager's approval."""

from __future__ import annotations

from services.allocation.commands.allocations import transfer
from services.allocation.models import Allocation, Case, TransferRequest
from shared.problems import Conflict
from shared.runtime.unit_of_work import UnitOfWork


async def approve_transfer(
    uow: UnitOfWork, case: Case, request: TransferRequest, *, decided_by: str, note: str
) -> Allocation:
    _require_pending(request)
    allocation = await transfer(
        uow,
        case,
        to_worker_id=request.to_worker_id,
        effective_date=request.effective_date,
        reason=request.reason,
        to_pod_id=request.to_pod_id,
    )
    request.state, request.decided_by, request.decision_note = "applied", decided_by, note
    return allocation


def reject_transfer(request: TransferRequest, *, decided_by: str, note: str) -> None:
    _require_pending(request)
    request.state, request.decided_by, request.decision_note = "rejected", decided_by, note


def _require_pending(request: TransferRequest) -> None:
    if request.state != "pending":
        raise Conflict(f"the transfer request is already {request.state}", field="request_id")
