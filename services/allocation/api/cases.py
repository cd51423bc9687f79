from __future__ import annotations

import uuid

import sqlalchemy as sa
from fastapi import APIRouter, Response, status

from services.allocation.api.access import (
    CaseReader,
    CaseWriter,
    IfMatch,
    Manager,
    audit,
    check_if_match,
    etag,
    load_case,
    load_of_case,
    require_case_in_scope,
    require_pod_in_scope,
)
from services.allocation.api.children import case_out
from services.allocation.api.schemas import (
    AllocationCorrection,
    AllocationIn,
    AllocationOut,
    CaseClose,
    CaseOut,
    StatusEnd,
    StatusIn,
    StatusOut,
)
from services.allocation.commands import allocations as allocation_commands
from services.allocation.commands import children as commands
from services.allocation.models import Allocation, StatusPeriod
from shared.runtime.dependencies import SessionDep

router = APIRouter(tags=["children and cases"])


def status_out(period: StatusPeriod) -> StatusOut:
    return StatusOut(
        id=period.id,
        case_id=period.case_id,
        kind=period.kind,
        start_date=period.start_date,
        end_date=period.end_date,
        cp_category=period.cp_category,
        legal_status=period.legal_status,
    )


def allocation_out(a: Allocation) -> AllocationOut:
    return AllocationOut(
        id=a.id,
        case_id=a.case_id,
        pod_id=a.pod_id,
        worker_id=a.worker_id,
        start_date=a.start_date,
        end_date=a.end_date,
        start_reason=a.start_reason,
        end_reason=a.end_reason,
        entered_in_error=a.entered_in_error,
    )


@router.get("/cases/{case_id}", response_model=CaseOut)
async def get_case(case_id: uuid.UUID, session: SessionDep, principal: CaseReader, response: Response) -> CaseOut:
    """One case. Its `ETag` is what `If-Match` must carry on a transfer. Who sees a case: heads of service and
    council systems, every case; the staff and managers of the pod holding it, or for a closed case of the pod
    that held it last; a case awaiting a pod, the managers of the pods that may take it (those that held the
    child's earlier cases or hold a sibling's case, and the duty pods). The same rule holds for every route of the
    case and for its child."""
    case = await load_case(session, case_id)
    await require_case_in_scope(session, principal, case)
    await audit(session, principal, "read", f"case/{case.id}", case.child_id)
    await session.commit()
    response.headers["ETag"] = etag(case.version)
    return case_out(case)


@router.post("/cases/{case_id}/close", response_model=CaseOut, responses={409: {"description": "Already closed"}})
async def close_case(
    case_id: uuid.UUID, body: CaseClose, session: SessionDep, principal: Manager, response: Response
) -> CaseOut:
    """Close a case with a CIN census closure reason; its allocation and open statuses end on the same date."""
    case = await load_case(session, case_id)
    await require_case_in_scope(session, principal, case)
    await commands.close_case(session, case, closed_on=body.closed_on, reason=body.reason)
    await audit(session, principal, "write", f"case/{case.id}/close", case.child_id)
    await session.commit()
    response.headers["ETag"] = etag(case.version)
    return case_out(case)


@router.post("/cases/{case_id}/statuses", status_code=status.HTTP_201_CREATED, response_model=StatusOut)
async def start_status(
    case_id: uuid.UUID, body: StatusIn, session: SessionDep, principal: CaseWriter, response: Response
) -> StatusOut:
    """Start a status period: CIN, CP (with category of abuse) or CLA (with SSDA903 legal status code)."""
    case = await load_case(session, case_id)
    await require_case_in_scope(session, principal, case)
    period = await commands.start_status(session, case, **body.model_dump())
    await audit(session, principal, "write", f"case/{case.id}/status", case.child_id)
    await session.commit()
    response.headers["Location"] = f"/allocation/v1/cases/{case.id}/statuses/{period.id}"
    return status_out(period)


@router.get("/cases/{case_id}/statuses", response_model=list[StatusOut])
async def list_statuses(case_id: uuid.UUID, session: SessionDep, principal: CaseReader) -> list[StatusOut]:
    """The case's status periods, oldest first."""
    case = await load_case(session, case_id)
    await require_case_in_scope(session, principal, case)
    query = sa.select(StatusPeriod).where(StatusPeriod.case_id == case.id).order_by(StatusPeriod.start_date)
    periods = (await session.scalars(query)).all()
    await audit(session, principal, "read", f"case/{case.id}/statuses", case.child_id)
    await session.commit()
    return [status_out(p) for p in periods]


@router.post("/cases/{case_id}/statuses/{status_id}/end", response_model=StatusOut)
async def end_status(
    case_id: uuid.UUID, status_id: uuid.UUID, body: StatusEnd, session: SessionDep, principal: CaseWriter
) -> StatusOut:
    """End a status period on a date."""
    case = await load_case(session, case_id)
    await require_case_in_scope(session, principal, case)
    period = await load_of_case(session, StatusPeriod, status_id, case, "status_id")
    await commands.end_status(session, case, period, end_date=body.end_date)
    await audit(session, principal, "write", f"case/{case.id}/status", case.child_id)
    await session.commit()
    return status_out(period)


@router.post(
    "/cases/{case_id}/allocations",
    status_code=status.HTTP_201_CREATED,
    response_model=AllocationOut,
    responses={409: {"description": "Already allocated: use a transfer"}},
)
async def allocate_case(
    case_id: uuid.UUID,
    body: AllocationIn,
    session: SessionDep,
    principal: Manager,
    response: Response,
    if_match: IfMatch = None,
) -> AllocationOut:
    """Allocate a case to a pod, and to a worker of that pod if one is chosen (otherwise it awaits allocation)."""
    case = await load_case(session, case_id)
    check_if_match(if_match, case.version)
    await require_case_in_scope(session, principal, case)
    require_pod_in_scope(principal, body.pod_id)
    allocation = await allocation_commands.allocate(
        session, case, pod_id=body.pod_id, worker_id=body.worker_id, start_date=body.start_date
    )
    await audit(session, principal, "write", f"case/{case.id}/allocation", case.child_id)
    await session.commit()
    response.headers["Location"] = f"/allocation/v1/cases/{case.id}/allocations/{allocation.id}"
    response.headers["ETag"] = etag(case.version)
    return allocation_out(allocation)


@router.get("/cases/{case_id}/allocations", response_model=list[AllocationOut])
async def allocation_history(case_id: uuid.UUID, session: SessionDep, principal: CaseReader) -> list[AllocationOut]:
    """The case's allocations as periods, oldest first, corrections included and marked."""
    case = await load_case(session, case_id)
    await require_case_in_scope(session, principal, case)
    query = sa.select(Allocation).where(Allocation.case_id == case.id).order_by(Allocation.start_date)
    history = (await session.scalars(query)).all()
    await audit(session, principal, "read", f"case/{case.id}/allocations", case.child_id)
    await session.commit()
    return [allocation_out(a) for a in history]


@router.post("/cases/{case_id}/allocations/{allocation_id}/corrections", response_model=AllocationOut)
async def correct_allocation(
    case_id: uuid.UUID,
    allocation_id: uuid.UUID,
    body: AllocationCorrection,
    session: SessionDep,
    principal: Manager,
    if_match: IfMatch = None,
) -> AllocationOut:
    """Record a correcting fact for an allocation entered wrongly; the correction is published, not hidden."""
    case = await load_case(session, case_id)
    check_if_match(if_match, case.version)
    await require_case_in_scope(session, principal, case)
    allocation = await load_of_case(session, Allocation, allocation_id, case, "allocation_id")
    await allocation_commands.correct_allocation(session, case, allocation, **body.model_dump())
    await audit(session, principal, "write", f"case/{case.id}/allocation-correction", case.child_id)
    await session.commit()
    return allocation_out(allocation)
