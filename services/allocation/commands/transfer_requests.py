"""Transfers above the continuity threshold wait for a pod manager's approval."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.commands.allocations import cost_as_dict, transfer
from services.allocation.models import Allocation, Case, TransferRequest
from services.allocation.rules.continuity import ContinuityCost
from shared.problems import Conflict


def request_transfer(
    session: AsyncSession,
    case: Case,
    *,
    to_worker_id: uuid.UUID,
    to_pod_id: uuid.UUID,
    reason: str,
    effective_date: date,
    cost: ContinuityCost,
    requested_by: str,
) -> TransferRequest:
    request = TransferRequest(
        id=uuid.uuid4(),
        case_id=case.id,
        to_worker_id=to_worker_id,
        to_pod_id=to_pod_id,
        reason=reason,
        effective_date=effective_date,
        state="pending",
        continuity_cost=cost_as_dict(cost),
        requested_by=requested_by,
        requested_at=datetime.now(UTC),
    )
    session.add(request)
    return request


async def approve_transfer(
    session: AsyncSession, case: Case, request: TransferRequest, *, decided_by: str, note: str
) -> Allocation:
    _require_pending(request)
    allocation = await transfer(
        session,
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
