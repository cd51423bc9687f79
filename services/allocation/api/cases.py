"""A case's statuses (CIN, CP, CLA), its allocations to pods and workers, and its closing."""

from __future__ import annotations

import uuid

from fastapi import Response, status

from services.allocation.api.callers import CaseReader, CaseWriter, Manager
from services.allocation.api.children import case_out
from services.allocation.api.schemas import (
    AllocationCorrection,
    AllocationEnd,
    AllocationIn,
    AllocationOut,
    CaseClose,
    CaseOut,
    StatusEnd,
    StatusIn,
    StatusOut,
    UnallocatedOut,
)
from services.allocation.commands import allocations as allocation_commands
from services.allocation.commands import children as commands
from services.allocation.commands import unallocation
from services.allocation.models import Allocation, StatusPeriod
from services.allocation.queries import children as queries
from services.allocation.queries import scope
from shared.runtime.http import IfMatch, UnitOfWorkDep, etag, service_router

router = service_router(tags=["children and cases"])


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
async def get_case(case_id: uuid.UUID, uow: UnitOfWorkDep, principal: CaseReader, response: Response) -> CaseOut:
    """One case. Its `ETag` is what `If-Match` must carry on a transfer. Who sees a case: heads of service and
    council systems, every case; the staff and managers of the pod holding it, or for a closed case of the pod
    that held it last; a case awaiting a pod, the managers of the pods that may take it (those that held the
    child's earlier cases or hold a sibling's case, and the duty pods). The same rule holds for every route of the
    case and for its child."""
    case = await scope.case_for(uow, principal, case_id, "read", "")
    response.headers["ETag"] = etag(case.version)
    return case_out(case)


@router.post("/cases/{case_id}/close", response_model=CaseOut, responses={409: {"description": "Already closed"}})
async def close_case(
    case_id: uuid.UUID, body: CaseClose, uow: UnitOfWorkDep, principal: Manager, response: Response
) -> CaseOut:
    """Close a case with a CIN census closure reason; its allocation and open statuses end on the same date."""
    case = await scope.case_for(uow, principal, case_id, "write", "/close")
    await commands.close_case(uow, case, closed_on=body.closed_on, reason=body.reason)
    await uow.flush()  # the case's new version, for its ETag
    response.headers["ETag"] = etag(case.version)
    return case_out(case)


@router.post("/cases/{case_id}/statuses", status_code=status.HTTP_201_CREATED, response_model=StatusOut)
async def start_status(
    case_id: uuid.UUID, body: StatusIn, uow: UnitOfWorkDep, principal: CaseWriter, response: Response
) -> StatusOut:
    """Start a status period: CIN, CP (with category of abuse) or CLA (with SSDA903 legal status code)."""
    case = await scope.case_for(uow, principal, case_id, "write", "/status")
    period = await commands.start_status(uow, case, **body.model_dump())
    response.headers["Location"] = f"/allocation/v1/cases/{case.id}/statuses/{period.id}"
    return status_out(period)


@router.get("/cases/{case_id}/statuses", response_model=list[StatusOut])
async def list_statuses(case_id: uuid.UUID, uow: UnitOfWorkDep, principal: CaseReader) -> list[StatusOut]:
    """The case's status periods, oldest first."""
    case = await scope.case_for(uow, principal, case_id, "read", "/statuses")
    return [status_out(p) for p in await queries.statuses(uow, case)]


@router.post("/cases/{case_id}/statuses/{status_id}/end", response_model=StatusOut)
async def end_status(
    case_id: uuid.UUID, status_id: uuid.UUID, body: StatusEnd, uow: UnitOfWorkDep, principal: CaseWriter
) -> StatusOut:
    """End a status period on a date."""
    case = await scope.case_for(uow, principal, case_id, "write", "/status")
    period = await scope.of_case(uow, StatusPeriod, status_id, case, "status_id")
    return status_out(await commands.end_status(uow, case, period, end_date=body.end_date))


@router.post(
    "/cases/{case_id}/allocations",
    status_code=status.HTTP_201_CREATED,
    response_model=AllocationOut,
    responses={409: {"description": "Already allocated: use a transfer"}},
)
async def allocate_case(
    case_id: uuid.UUID,
    body: AllocationIn,
    uow: UnitOfWorkDep,
    principal: Manager,
    response: Response,
    if_match: IfMatch = None,
) -> AllocationOut:
    """Allocate a case to a pod, and to a worker of that pod if one is chosen (otherwise it awaits allocation).
    With a worker, `reason` is the SSDA903 reason the child's social worker changed (e.g. LEFTRL, the previous
    worker left) and is exported as SW_REASON; without one the export says FCONTA (first contact)."""
    scope.require_pod_in_scope(principal, body.pod_id)
    case = await scope.case_for(uow, principal, case_id, "write", "/allocation", if_match=if_match)
    allocation = await allocation_commands.allocate(
        uow, case, pod_id=body.pod_id, worker_id=body.worker_id, start_date=body.start_date, reason=body.reason
    )
    await uow.flush()  # the case's new version, for its ETag
    response.headers["Location"] = f"/allocation/v1/cases/{case.id}/allocations/{allocation.id}"
    response.headers["ETag"] = etag(case.version)
    return allocation_out(allocation)


@router.get("/cases/{case_id}/allocations", response_model=list[AllocationOut])
async def allocation_history(case_id: uuid.UUID, uow: UnitOfWorkDep, principal: CaseReader) -> list[AllocationOut]:
    """The case's allocations as periods, oldest first, corrections included and marked."""
    case = await scope.case_for(uow, principal, case_id, "read", "/allocations")
    return [allocation_out(a) for a in await queries.allocations(uow, case)]


@router.post("/cases/{case_id}/allocations/{allocation_id}/corrections", response_model=AllocationOut)
async def correct_allocation(
    case_id: uuid.UUID,
    allocation_id: uuid.UUID,
    body: AllocationCorrection,
    uow: UnitOfWorkDep,
    principal: Manager,
    if_match: IfMatch = None,
) -> AllocationOut:
    """Record a correcting fact for an allocation entered wrongly; the correction is published, not hidden."""
    case = await scope.case_for(uow, principal, case_id, "write", "/allocation-correction", if_match=if_match)
    allocation = await scope.of_case(uow, Allocation, allocation_id, case, "allocation_id")
    return allocation_out(await allocation_commands.correct_allocation(uow, case, allocation, **body.model_dump()))


@router.post(
    "/cases/{case_id}/allocations/{allocation_id}/end",
    response_model=UnallocatedOut,
    responses={409: {"description": "Not the case's current worker allocation, or it began that day"}},
)
async def end_allocation(
    case_id: uuid.UUID,
    allocation_id: uuid.UUID,
    body: AllocationEnd,
    uow: UnitOfWorkDep,
    principal: Manager,
    response: Response,
    if_match: IfMatch = None,
) -> UnallocatedOut:
    """Take the worker off the case without a successor (e.g. they left, or are off long-term and nobody can take
    it yet): their allocation ends on `end_date` with an SSDA903 reason and the case awaits a worker in the same
    pod from that day. A fact of its own (`CaseUnallocated`), not a correction; the child's social worker episode
    ends, and the next worker allocated is a change of worker (unless it is the same worker again)."""
    case = await scope.case_for(uow, principal, case_id, "write", "/allocation-end", if_match=if_match)
    allocation = await scope.of_case(uow, Allocation, allocation_id, case, "allocation_id")
    awaiting = await unallocation.unallocate(uow, case, allocation, end_date=body.end_date, reason=body.reason)
    await uow.flush()  # the case's new version, for its ETag
    response.headers["ETag"] = etag(case.version)
    return UnallocatedOut(ended=allocation_out(allocation), awaiting=allocation_out(awaiting))
