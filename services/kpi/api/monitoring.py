from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import Query, Request, Response
from openpyxl import Workbook

from services.kpi.api.common import EARLIEST, LATEST, AggregateReader, stamped
from services.kpi.queries import figures, read_model
from services.kpi.settings import Settings
from shared.problems import Invalid
from shared.runtime.http import RuntimeDep, UnitOfWorkDep, service_router

router = service_router(tags=["caseloads and monitoring"])
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
Format = Literal["json", "csv", "xlsx"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/caseloads")
async def caseloads(
    uow: UnitOfWorkDep,
    principal: AggregateReader,
    settings: Settings,
    as_at: Annotated[date | None, Query(ge=EARLIEST, le=LATEST, description="Default today")] = None,
) -> Response:
    """Caseloads per worker, pod and service as at a date: counts (each child one case, siblings included),
    weighted points and capacity used; and the DfE workforce average caseload (cases ÷ FTE of case-holders)."""
    day = as_at or date.today()
    result = await figures.caseloads(uow.session, day, settings)
    return stamped(day, figures.plain(result.value), result.freshness)


def _month(value: str, field: str) -> tuple[int, int]:
    match = MONTH.match(value)
    if not match:
        raise Invalid(f"{field} must be a month like 2015-11", field=field)
    if not EARLIEST.year <= int(match[1]) <= LATEST.year:
        raise Invalid(f"{field} must be a month between {EARLIEST.year} and {LATEST.year}", field=field)
    return int(match[1]), int(match[2])


def _rows(series: Any) -> list[list[Any]]:
    rows = []
    for scope, months in [("service", series["service"]), *sorted(series["pods"].items())]:
        for month in months:
            rows.append(
                [
                    scope,
                    month["month_end"],
                    *(
                        month[measure][column]
                        for measure in MEASURES
                        for column in ("count", "change_since_previous_month", "change_since_start")
                    ),
                ]
            )
    return rows


MEASURES = ("open_cases", "cp_plans", "looked_after_excluding_uasc")
HEADER = [
    "scope",
    "month_end",
    *(
        f"{measure}{suffix}"
        for measure in MEASURES
        for suffix in ("", "_change_since_previous_month", "_change_since_start")
    ),
]


@router.get("/monthly-monitoring", responses={200: {"content": {"text/csv": {}, XLSX: {}}}})
async def monthly_monitoring(
    request: Request,
    uow: UnitOfWorkDep,
    principal: AggregateReader,
    month_from: Annotated[str, Query(alias="from", description="First month, e.g. 2015-11")],
    month_to: Annotated[str, Query(alias="to", description="Last month, e.g. 2016-07")],
    format: Annotated[Format | None, Query(description="json (default), csv or xlsx; or use Accept")] = None,
) -> Response:
    """Month-end series: children with an open case, children on a child protection plan, children looked
    after excluding unaccompanied asylum-seeking children (and, as national statistics do, children looked after
    only under short breaks, V3/V4) — for the service and by pod, with the change since the previous month and
    since the start. Any past range, reproducible: effective dates drive it."""
    first, last = _month(month_from, "from"), _month(month_to, "to")
    if first > last:
        raise Invalid("from is after to", field="from")
    if (last[0] - first[0]) * 12 + last[1] - first[1] > 240:
        raise Invalid("at most 20 years of months at once", field="to")
    result = await figures.monthly(uow.session, first, last)
    accept = request.headers.get("accept", "")
    chosen = format or ("csv" if "text/csv" in accept else "xlsx" if XLSX in accept else "json")
    if chosen == "json":
        # The series straight to JSON (orjson writes dataclasses itself): for a decade by a hundred pods, walking
        # it into dicts first took several times as long as the figure.
        return stamped(result.value.last_month_end, result.value, result.freshness)
    series = figures.plain(result.value)
    if chosen == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        writer.writerows([[str(c) for c in row] for row in _rows(series)])
        return Response(
            buffer.getvalue(),
            media_type="text/csv",
            headers={"Content-Disposition": "attachment; filename=monthly-monitoring.csv"},
        )
    book = Workbook()
    sheet = book.active
    sheet.title = "Monthly monitoring"
    sheet.append(HEADER)
    for row in _rows(series):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return Response(
        out.getvalue(), media_type=XLSX, headers={"Content-Disposition": "attachment; filename=monthly-monitoring.xlsx"}
    )


@router.get("/freshness")
async def freshness(uow: UnitOfWorkDep, runtime: RuntimeDep, principal: AggregateReader) -> Response:
    """The last event applied per topic, and how many events wait for the consumer (lag)."""
    mark, body = await read_model.freshness_report(uow.session, runtime)
    return stamped(datetime.now(UTC).date(), body, mark)
