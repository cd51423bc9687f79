"""Court proceedings on a case: dated periods that make the case weigh more in caseloads."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from fastapi import APIRouter, Response, status

from services.allocation.api.access import CaseReader, CaseWriter, audit, load_case, load_of_case, require_case_in_scope
from services.allocation.api.schemas import ProceedingsEnd, ProceedingsIn, ProceedingsOut
from services.allocation.commands import court as commands
from services.allocation.models import CourtProceedings
from shared.runtime.dependencies import SessionDep

router = APIRouter(tags=["children and cases"])


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
    case_id: uuid.UUID, body: ProceedingsIn, session: SessionDep, principal: CaseWriter, response: Response
) -> ProceedingsOut:
    """The case is before the family court (e.g. care proceedings) from a date. While they last the case weighs
    the `court` caseload weight; closing the case ends them."""
    case = await load_case(session, case_id)
    await require_case_in_scope(session, principal, case)
    proceedings = await commands.start_proceedings(session, case, start_date=body.start_date)
    await audit(session, principal, "write", f"case/{case.id}/court-proceedings", case.child_id)
    await session.commit()
    response.headers["Location"] = f"/allocation/v1/cases/{case.id}/court-proceedings/{proceedings.id}"
    return proceedings_out(proceedings)


@router.get("/cases/{case_id}/court-proceedings", response_model=list[ProceedingsOut])
async def list_proceedings(case_id: uuid.UUID, session: SessionDep, principal: CaseReader) -> list[ProceedingsOut]:
    """The case's court proceedings, oldest first."""
    case = await load_case(session, case_id)
    await require_case_in_scope(session, principal, case)
    query = sa.select(CourtProceedings).where(CourtProceedings.case_id == case.id)
    found = (await session.scalars(query.order_by(CourtProceedings.start_date))).all()
    await audit(session, principal, "read", f"case/{case.id}/court-proceedings", case.child_id)
    await session.commit()
    return [proceedings_out(p) for p in found]


@router.post("/cases/{case_id}/court-proceedings/{proceedings_id}/end", response_model=ProceedingsOut)
async def end_proceedings(
    case_id: uuid.UUID, proceedings_id: uuid.UUID, body: ProceedingsEnd, session: SessionDep, principal: CaseWriter
) -> ProceedingsOut:
    """The proceedings end on a date (e.g. the final order)."""
    case = await load_case(session, case_id)
    await require_case_in_scope(session, principal, case)
    proceedings = await load_of_case(session, CourtProceedings, proceedings_id, case, "proceedings_id")
    await commands.end_proceedings(session, case, proceedings, end_date=body.end_date)
    await audit(session, principal, "write", f"case/{case.id}/court-proceedings", case.child_id)
    await session.commit()
    return proceedings_out(proceedings)
