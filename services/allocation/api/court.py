"""Court proceedings on a case: dated periods that make the case weigh more in caseloads."""

from __future__ import annotations

import uuid

from fastapi import Response, status

from services.allocation.api.callers import CaseReader, CaseWriter
from services.allocation.api.schemas import ProceedingsEnd, ProceedingsIn, ProceedingsOut
from services.allocation.commands import court as commands
from services.allocation.models import CourtProceedings
from services.allocation.queries import children as queries
from services.allocation.queries import scope
from shared.runtime.http import UnitOfWorkDep, service_router

router = service_router(tags=["children and cases"])


def proceedings_out(proceedings: CourtProceedings) -> ProceedingsOut:
    return ProceedingsOut(
        id=proceedings.id,
        case_id=proceedings.case_id,
        start_date=proceedings.start_date,
        end_date=proceedings.end_date,
    )


@router.post(
    "/cases/{case_id}/court-proceedings",
    status_code=status.HTTP_201_CREATED,
    response_model=ProceedingsOut,
    responses={409: {"description": "The case is closed, or already in proceedings"}},
)
async def start_proceedings(
    case_id: uuid.UUID, body: ProceedingsIn, uow: UnitOfWorkDep, principal: CaseWriter, response: Response
) -> ProceedingsOut:
    """The case is before the family court (e.g. care proceedings) from a date. While they last the case weighs
    the `court` caseload weight; closing the case ends them."""
    case = await scope.case_for(uow, principal, case_id, "write", "/court-proceedings")
    proceedings = await commands.start_proceedings(uow, case, start_date=body.start_date)
    response.headers["Location"] = f"/allocation/v1/cases/{case.id}/court-proceedings/{proceedings.id}"
    return proceedings_out(proceedings)


@router.get("/cases/{case_id}/court-proceedings", response_model=list[ProceedingsOut])
async def list_proceedings(case_id: uuid.UUID, uow: UnitOfWorkDep, principal: CaseReader) -> list[ProceedingsOut]:
    """The case's court proceedings, oldest first."""
    case = await scope.case_for(uow, principal, case_id, "read", "/court-proceedings")
    return [proceedings_out(p) for p in await queries.court_proceedings(uow, case)]


@router.post("/cases/{case_id}/court-proceedings/{proceedings_id}/end", response_model=ProceedingsOut)
async def end_proceedings(
    case_id: uuid.UUID, proceedings_id: uuid.UUID, body: ProceedingsEnd, uow: UnitOfWorkDep, principal: CaseWriter
) -> ProceedingsOut:
    """The proceedings end on a date (e.g. the final order)."""
    case = await scope.case_for(uow, principal, case_id, "write", "/court-proceedings")
    proceedings = await scope.of_case(uow, CourtProceedings, proceedings_id, case, "proceedings_id")
    return proceedings_out(await commands.end_proceedings(uow, case, proceedings, end_date=body.end_date))
