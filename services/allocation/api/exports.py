"""The SSDA903 statutory return's tables. They are child-level (child ids, dates of birth), so they are for the
council's statutory returns officer (`statutory_returns_officer`) and heads of service; performance analysts see
aggregates only, in the KPI service. Every download is in the audit log, with the children it named."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

from fastapi import Query, Response

from services.allocation.api.callers import StatutoryReturns
from services.allocation.queries import ssda903
from shared.auth import Principal
from shared.runtime.http import UnitOfWorkDep, service_router
from shared.runtime.unit_of_work import UnitOfWork

router = service_router(tags=["statutory exports"])

Year = Annotated[
    int,
    Query(ge=2000, le=date.today().year + 1, description="The DfE reporting year, named by its end: 2024 = 2023-24"),
]


class CsvResponse(Response):
    media_type = "text/csv"


def _csv(example: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {"text/csv": {"schema": {"type": "string"}, "example": example}}}}


async def _export(
    uow: UnitOfWork,
    principal: Principal,
    year: int,
    table: str,
    build: Callable[[UnitOfWork, int], Awaitable[ssda903.Export]],
) -> CsvResponse:
    export = await build(uow, year)
    uow.audit(principal, "export", f"ssda903/{table}/{year}", *export.child_ids)
    headers = {"Content-Disposition": f'attachment; filename="{table}_{year}.csv"'}
    return CsvResponse(export.csv, headers=headers)


@router.get(
    "/exports/ssda903/sw-episodes",
    response_class=CsvResponse,
    responses=_csv("CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\r\nC0012345,14/05/2009,SW123456,01/09/2023,,FCONTA\r\n"),
)
async def sw_episodes(year: Year, uow: UnitOfWorkDep, principal: StatutoryReturns) -> CsvResponse:
    """The SSDA903 `SWEpisodes` table for the reporting year: one row per social worker period of each child
    looked after on 31 March (at the end of the day), overlapping the year, from all the child's cases (episodes
    before care included); a child who left care during the year is in `header` and `episodes` only.
    SW_ID is the Social Work England registration (`XX…` for an agency worker without one); dates are dd/mm/yyyy;
    SW_DEC is blank while the episode is open on 31 March; SW_REASON is the transfer's reason
    (`FCONTA` for a first allocation). The columns are exactly those the DfE validator reads (DOB included).
    Child-level: for the statutory returns officer and heads of service."""
    return await _export(uow, principal, year, "sw_episodes", ssda903.sw_episodes)


@router.get(
    "/exports/ssda903/header",
    response_class=CsvResponse,
    responses=_csv("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nC0012345,F,14/05/2009,,,,\r\n"),
)
async def header(year: Year, uow: UnitOfWorkDep, principal: StatutoryReturns) -> CsvResponse:
    """The SSDA903 `Header` columns we hold (child, sex, date of birth) for the same children; the others blank.
    Child-level: for the statutory returns officer and heads of service."""
    return await _export(uow, principal, year, "header", ssda903.header)


@router.get(
    "/exports/ssda903/episodes",
    response_class=CsvResponse,
    responses=_csv(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n"
        "C0012345,01/09/2023,S,C2,,,,,,,,,\r\n"
    ),
)
async def episodes(year: Year, uow: UnitOfWorkDep, principal: StatutoryReturns) -> CsvResponse:
    """The SSDA903 `Episodes` columns the social worker rules read: one row per looked-after period (a change
    of legal status starts a new one) with its legal status; placement columns belong to the placements system.
    Child-level: for the statutory returns officer and heads of service."""
    return await _export(uow, principal, year, "episodes", ssda903.episodes)
