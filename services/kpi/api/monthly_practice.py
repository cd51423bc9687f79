"""Monthly monitoring's practice columns: the practice measures at each month end, by pod, in JSON, CSV or XLSX,
beside /monthly-monitoring's open cases, CP plans and children looked after (the same scopes and month ends)."""

from __future__ import annotations

import calendar
import csv
import io
import re
from dataclasses import asdict, fields
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query, Request, Response
from openpyxl import Workbook

from services.kpi.api.common import EARLIEST, LATEST, AggregateReader, stamped
from services.kpi.queries import figures, practice
from services.kpi.rules.practice import PracticeMonth
from services.kpi.settings import Settings
from shared.problems import Invalid
from shared.runtime.http import UnitOfWorkDep, service_router

router = service_router(tags=["caseloads and monitoring"])
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = [f.name for f in fields(PracticeMonth)]
HEADER = ["scope", *COLUMNS]
MOST_MONTHS = 24
EXAMPLE = {
    "as_at": "2016-07-31",
    "freshness": {"last_event_time": "2016-08-01T09:12:03Z", "last_applied_at": "2016-08-01T09:12:03Z"},
    "figure": {
        "cohort": "monthly_practice",
        "service": [
            {
                "month_end": "2016-07-31",
                "children_visited_for": 2121,
                "visits_overdue": 96,
                "cp_seen": 388,
                "cp_seen_alone_at_last_visit": 301,
                "open_cases": 2121,
                "summaries_within_cadence": 1874,
                "allocated_children": 2093,
                "discussed_within_interval": 1950,
                "complaints_stage_1": 5,
                "compliments": 14,
            }
        ],
        "pods": {"0b9c…": []},
    },
}


def _month_end(value: str, field: str) -> date:
    match = MONTH.match(value)
    if not match or not EARLIEST.year < int(match[1]) <= LATEST.year:
        raise Invalid(f"{field} must be a month like 2015-11", field=f"query.{field}")
    year, month = int(match[1]), int(match[2])
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_ends(first: date, last: date) -> list[date]:
    ends, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        ends.append(date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends


def _rows(series: dict[str, list[PracticeMonth]]) -> list[list[Any]]:
    return [[scope, *asdict(month).values()] for scope, months in series.items() for month in months]


@router.get(
    "/monthly-monitoring/practice",
    responses={200: {"content": {"application/json": {"example": EXAMPLE}, "text/csv": {}, XLSX: {}}}},
)
async def monthly_practice(
    request: Request,
    uow: UnitOfWorkDep,
    principal: AggregateReader,
    settings: Settings,
    month_from: Annotated[str, Query(alias="from", description="First month, e.g. 2016-01")],
    month_to: Annotated[str, Query(alias="to", description="Last month, e.g. 2016-07")],
    format: Annotated[Literal["json", "csv", "xlsx"] | None, Query(description="json (default), csv or xlsx")] = None,
) -> Response:
    """Monthly monitoring's practice columns at each month end, for the service and by pod (the pod holding the
    child then): children visited for a status and those overdue a visit, CP children seen and seen alone at their
    last visit, open cases and those with a summary within cadence, allocated children and those discussed in
    supervision within their interval, stage 1 complaints and compliments received in the month. Definitions as in
    the practice measures (docs/kpi.md 4); at most 24 months at once."""
    first, last = _month_end(month_from, "from"), _month_end(month_to, "to")
    if first > last:
        raise Invalid("from is after to", field="query.from")
    ends = _month_ends(first, last)
    if len(ends) > MOST_MONTHS:
        raise Invalid(f"at most {MOST_MONTHS} months at once", field="query.to")
    series, mark = await practice.reckon(uow.session, practice.monthly_practice(uow.session, ends, settings))
    accept = request.headers.get("accept", "")
    chosen = format or ("csv" if "text/csv" in accept else "xlsx" if XLSX in accept else "json")
    if chosen == "json":
        body = {
            "cohort": "monthly_practice",
            "service": figures.plain(series.get("service", [])),
            "pods": {pod: figures.plain(months) for pod, months in series.items() if pod != "service"},
        }
        return stamped(last, body, mark)
    if chosen == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        writer.writerows([[str(cell) for cell in row] for row in _rows(series)])
        disposition = "attachment; filename=monthly-monitoring-practice.csv"
        return Response(buffer.getvalue(), media_type="text/csv", headers={"Content-Disposition": disposition})
    book = Workbook()
    sheet = book.active
    sheet.title = "Practice"
    sheet.append(HEADER)
    for row in _rows(series):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    disposition = "attachment; filename=monthly-monitoring-practice.xlsx"
    return Response(out.getvalue(), media_type=XLSX, headers={"Content-Disposition": disposition})
