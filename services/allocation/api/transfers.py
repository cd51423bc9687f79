from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from services.allocation.api.access import (
    IfMatch,
    Manager,
    audit,
    case_pod,
    check_if_match,
    etag,
    load_case,
    require_case_in_scope,
)
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
from services.allocation.settings import Settings
from shared.auth import Principal, Role, require_roles
from shared.problems import Forbidden, NotFound
from shared.runtime.dependencies import SessionDep

router = APIRouter(tags=["transfers"])
Transferrer = Annotated[
    Principal, Depends(require_roles(Role.senior_social_worker, Role.pod_manager, Role.head_of_service))
]


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
    session: SessionDep,
    principal: Transferrer,
    settings: Settings,
    effective_date: Annotated[IsoDate | None, Query(description="Defaults to today")] = None,
) -> TransferPreview:
    """The continuity cost of a transfer before it is made: e.g. "this would be the child's 3rd social worker
    in 12 months, and their first change of pod", and whether it needs pod manager approval."""
    case = await load_case(session, case_id)
    await require_case_in_scope(session, principal, case)
    day = effective_date or date.today()
    cost, pod_id = await commands.preview_transfer(
        session, case, to_worker_id=to_worker_id, effective_date=day, approval_threshold=settings.approval_threshold
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
    session: SessionDep,
    principal: Transferrer,
    settings: Settings,
    response: Response,
    if_match: IfMatch = None,
) -> TransferOut:
    """Transfer a case to another worker from an effective date (backdating allowed, future dates refused), with
    an SSDA903 reason. Above the continuity threshold a senior social worker's transfer waits for approval."""
    case = await load_case(session, case_id)
    check_if_match(if_match, case.version)
    await require_case_in_scope(session, principal, case)
    cost, pod_id = await commands.preview_transfer(
        session,
        case,
        to_worker_id=body.to_worker_id,
        effective_date=body.effective_date,
        approval_threshold=settings.approval_threshold,
    )
    cost_out = ContinuityCostOut(**commands.cost_as_dict(cost))
    approver = principal.service_wide or (
        principal.has_any({Role.pod_manager}) and principal.can_see_pod(await case_pod(case))
    )
    if cost.needs_approval and not approver:
        request = transfer_requests.request_transfer(
            session,
            case,
            to_worker_id=body.to_worker_id,
            to_pod_id=body.to_pod_id or pod_id,
            reason=body.reason,
            effective_date=body.effective_date,
            cost=cost,
            requested_by=principal.subject,
        )
        await session.commit()
        response.status_code = status.HTTP_202_ACCEPTED
        response.headers["Location"] = f"/allocation/v1/transfer-requests/{request.id}"
        return TransferOut(outcome="awaiting_approval", request=request_out(request), cost=cost_out)
    allocation = await commands.transfer(
        session,
        case,
        to_worker_id=body.to_worker_id,
        effective_date=body.effective_date,
        reason=body.reason,
        to_pod_id=body.to_pod_id,
    )
    await audit(session, principal, "write", f"case/{case.id}/transfer", case.child_id)
    await session.commit()
    response.headers["Location"] = f"/allocation/v1/cases/{case.id}/allocations/{allocation.id}"
    response.headers["ETag"] = etag(case.version)
    return TransferOut(outcome="transferred", allocation=allocation_out(allocation), cost=cost_out)


async def _load_request(session: SessionDep, request_id: uuid.UUID) -> TransferRequest:
    request = await session.get(TransferRequest, request_id)
    if request is None:
        raise NotFound(f"no transfer request {request_id}", field="request_id")
    return request


@router.get("/transfer-requests/{request_id}", response_model=TransferRequestOut)
async def get_transfer_request(
    request_id: uuid.UUID, session: SessionDep, principal: Transferrer
) -> TransferRequestOut:
    """A transfer request and its state: pending, applied or rejected."""
    request = await _load_request(session, request_id)
    await require_case_in_scope(session, principal, await load_case(session, request.case_id))
    return request_out(request)


@router.post("/transfer-requests/{request_id}/approve", response_model=TransferOut)
async def approve_transfer(
    request_id: uuid.UUID, body: Decision, session: SessionDep, principal: Manager
) -> TransferOut:
    """A pod manager of the case's pod (or a head of service) approves: the transfer happens now."""
    request = await _load_request(session, request_id)
    case = await load_case(session, request.case_id)
    if not principal.service_wide and not principal.can_see_pod(await case_pod(case)):
        raise Forbidden("only a pod manager of the case's pod can approve this transfer")
    allocation = await transfer_requests.approve_transfer(
        session, case, request, decided_by=principal.subject, note=body.note
    )
    await audit(session, principal, "write", f"case/{case.id}/transfer", case.child_id)
    await session.commit()
    return TransferOut(
        outcome="transferred",
        allocation=allocation_out(allocation),
        request=request_out(request),
        cost=ContinuityCostOut(**request.continuity_cost),
    )


@router.post("/transfer-requests/{request_id}/reject", response_model=TransferRequestOut)
async def reject_transfer(
    request_id: uuid.UUID, body: Decision, session: SessionDep, principal: Manager
) -> TransferRequestOut:
    """A pod manager declines the transfer; the case stays with its worker."""
    request = await _load_request(session, request_id)
    case = await load_case(session, request.case_id)
    if not principal.service_wide and not principal.can_see_pod(await case_pod(case)):
        raise Forbidden("only a pod manager of the case's pod can reject this transfer")
    transfer_requests.reject_transfer(request, decided_by=principal.subject, note=body.note)
    await session.commit()
    return request_out(request)
