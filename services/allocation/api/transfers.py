"""Transfers of a case to another worker, priced in continuity before they are made."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Query, Response, status

from services.allocation.api.callers import Manager, Transferrer
from services.allocation.api.cases import allocation_out
from services.allocation.api.schemas import (
    ContinuityCostOut,
    Decision,
    IsoDate,
    TransferIn,
    TransferOut,
    TransferPreview,
    TransferRequestOut,
)
from services.allocation.commands import allocations as commands
from services.allocation.commands import transfer_requests
from services.allocation.models import TransferRequest
from services.allocation.queries import scope
from services.allocation.settings import Settings
from shared.runtime.http import IfMatch, UnitOfWorkDep, etag, service_router

router = service_router(tags=["transfers"])


def request_out(request: TransferRequest) -> TransferRequestOut:
    return TransferRequestOut(
        id=request.id,
        case_id=request.case_id,
        to_worker_id=request.to_worker_id,
        to_pod_id=request.to_pod_id,
        reason=request.reason,
        effective_date=request.effective_date,
        state=request.state,
        continuity_cost=ContinuityCostOut(**request.continuity_cost),
        decided_by=request.decided_by,
        decision_note=request.decision_note,
    )


@router.get("/cases/{case_id}/transfers/preview", response_model=TransferPreview)
async def preview_transfer(
    case_id: uuid.UUID,
    to_worker_id: Annotated[uuid.UUID, Query(description="The worker who would take the case")],
    uow: UnitOfWorkDep,
    principal: Transferrer,
    settings: Settings,
    effective_date: Annotated[IsoDate | None, Query(description="Defaults to today")] = None,
) -> TransferPreview:
    """The continuity cost of a transfer before it is made: e.g. "this would be the child's 3rd social worker
    in 12 months, and their first change of pod", and whether it needs pod manager approval."""
    case = await scope.case_for(uow, principal, case_id, "read", "/transfers/preview")
    day = effective_date or date.today()
    cost, pod_id = await commands.preview_transfer(
        uow, case, to_worker_id=to_worker_id, effective_date=day, approval_threshold=settings.approval_threshold
    )
    return TransferPreview(
        case_id=case.id,
        to_worker_id=to_worker_id,
        to_pod_id=pod_id,
        effective_date=day,
        cost=ContinuityCostOut(**commands.cost_as_dict(cost)),
    )


@router.post(
    "/cases/{case_id}/transfers",
    response_model=TransferOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        202: {"description": "Needs pod manager approval; a transfer request was made"},
        409: {"description": "The case changed concurrently"},
        412: {"description": "If-Match"},
    },
)
async def transfer_case(
    case_id: uuid.UUID,
    body: TransferIn,
    uow: UnitOfWorkDep,
    principal: Transferrer,
    settings: Settings,
    response: Response,
    if_match: IfMatch = None,
) -> TransferOut:
    """Transfer a case to another worker from an effective date (backdating allowed, future dates refused), with
    an SSDA903 reason. Above the continuity threshold a senior social worker's transfer waits for approval."""
    case = await scope.case_for(uow, principal, case_id, "write", "/transfer", if_match=if_match)
    outcome = await commands.transfer_or_request(
        uow,
        case,
        to_worker_id=body.to_worker_id,
        to_pod_id=body.to_pod_id,
        effective_date=body.effective_date,
        reason=body.reason,
        approval_threshold=settings.approval_threshold,
        requested_by=principal.subject,
        may_approve=await scope.may_approve_transfers(principal, case),
    )
    await uow.flush()  # the case's new version, for its ETag
    cost = ContinuityCostOut(**commands.cost_as_dict(outcome.cost))
    if outcome.request is not None:
        response.status_code = status.HTTP_202_ACCEPTED
        response.headers["Location"] = f"/allocation/v1/transfer-requests/{outcome.request.id}"
        return TransferOut(outcome="awaiting_approval", request=request_out(outcome.request), cost=cost)
    assert outcome.allocation is not None
    response.headers["Location"] = f"/allocation/v1/cases/{case.id}/allocations/{outcome.allocation.id}"
    response.headers["ETag"] = etag(case.version)
    return TransferOut(outcome="transferred", allocation=allocation_out(outcome.allocation), cost=cost)


@router.get("/transfer-requests/{request_id}", response_model=TransferRequestOut)
async def get_transfer_request(request_id: uuid.UUID, uow: UnitOfWorkDep, principal: Transferrer) -> TransferRequestOut:
    """A transfer request and its state: pending, applied or rejected."""
    request, _ = await scope.transfer_request(uow, principal, request_id, "read")
    return request_out(request)


@router.post("/transfer-requests/{request_id}/approve", response_model=TransferOut)
async def approve_transfer(
    request_id: uuid.UUID, body: Decision, uow: UnitOfWorkDep, principal: Manager
) -> TransferOut:
    """A pod manager of the case's pod (or a head of service) approves: the transfer happens now."""
    request, case = await scope.transfer_request_to_decide(uow, principal, request_id)
    allocation = await transfer_requests.approve_transfer(
        uow, case, request, decided_by=principal.subject, note=body.note
    )
    return TransferOut(
        outcome="transferred",
        allocation=allocation_out(allocation),
        request=request_out(request),
        cost=ContinuityCostOut(**request.continuity_cost),
    )


@router.post("/transfer-requests/{request_id}/reject", response_model=TransferRequestOut)
async def reject_transfer(
    request_id: uuid.UUID, body: Decision, uow: UnitOfWorkDep, principal: Manager
) -> TransferRequestOut:
    """A pod manager declines the transfer; the case stays with its worker."""
    request, _ = await scope.transfer_request_to_decide(uow, principal, request_id)
    transfer_requests.reject_transfer(request, decided_by=principal.subject, note=body.note)
    return request_out(request)
