from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from services.kpi import figures
from services.kpi.api.common import EARLIEST, LATEST, AggregateReader, ChildRowReader, stamped
from services.kpi.figures import Reckoned
from services.kpi.measures.facts import reporting_year
from services.kpi.models import platform
from shared.audit import record_access
from shared.problems import Forbidden, Invalid
from shared.runtime.dependencies import SessionDep

router = APIRouter(tags=["continuity"])
Measure = Literal["dfe", "cco", "local"]
Cohort = Literal["all", "cin", "cp", "cla"]
_EXAMPLE = {
    "as_at": "2024-03-31",
    "measure": "dfe",
    "freshness": {"last_event_time": "2024-04-02T09:12:03Z", "last_applied_at": "2024-04-02T09:12:03Z"},
    "figure": {
        "numerator": 61,
        "denominator": 436,
        "ratio": 0.1399,
        "percent": 14,
        "distribution": {"0": 0, "1": 208, "2": 167, "3": 44, "4+": 17},
        "cohort": "dfe_sw_instability",
    },
}


def _current_reporting_year() -> int:
    today = date.today()
    return today.year if today.month > 3 else today.year - 1


async def _figure(
    session: SessionDep,
    measure: Measure,
    year: int | None,
    window_from: date | None,
    window_to: date | None,
    cohort: Cohort,
    pod_id: uuid.UUID | None,
    worker_id: uuid.UUID | None,
) -> tuple[Reckoned[Any], date]:
    pod = str(pod_id) if pod_id else None
    if measure in ("dfe", "cco"):
        year = year or _current_reporting_year()
        as_at = reporting_year(year)[1]
        if measure == "dfe":
            return await figures.dfe(session, year, pod), as_at
        return await figures.commissioner(session, year, pod), as_at
    to = window_to or date.today()
    start = window_from or to - timedelta(days=364)
    if start > to:
        raise Invalid("from is after to", field="from")
    worker = str(worker_id) if worker_id else None
    return await figures.local(session, start, to, cohort, pod, worker), to


Year = Annotated[int | None, Query(ge=2000, le=2100, description="DfE reporting year by its end: 2024 = 2023-24")]
From = Annotated[
    date | None,
    Query(alias="from", ge=EARLIEST, le=LATEST, description="local: window start (default 12 months before to)"),
]
To = Annotated[
    date | None,
    Query(alias="to", ge=EARLIEST, le=LATEST, description="local: window end, the as-at date (default today)"),
]


@router.get("/continuity", responses={200: {"content": {"application/json": {"example": _EXAMPLE}}}})
async def continuity(
    session: SessionDep,
    principal: AggregateReader,
    measure: Annotated[Measure, Query(description="dfe (kpi 1a), cco (1b) or local (1c)")] = "dfe",
    year: Year = None,
    window_from: From = None,
    window_to: To = None,
    cohort: Annotated[Cohort, Query(description="local: all open cases, or CIN / CP / CLA")] = "all",
    pod_id: Annotated[uuid.UUID | None, Query()] = None,
    worker_id: Annotated[uuid.UUID | None, Query(description="local only")] = None,
) -> Response:
    """Continuity of social worker. `dfe`: DfE social worker instability — % of children looked after on
    31 March (excluding V3/V4-only) with 3+ distinct social workers in the year, with the 1/2/3/4+
    distribution. `cco`: Children's Commissioner Stability Index — % with 2+ changes, with and without pod
    changes. `local`: every open child (or CIN/CP/CLA), changes and workers per child, reasons for change.
    Numerator, denominator, exact ratio and the rounded percentage; per-child rows are at /continuity/children."""
    figure, as_at = await _figure(session, measure, year, window_from, window_to, cohort, pod_id, worker_id)
    body = figures.plain(figure.value, drop=figures.PER_CHILD_FIELDS)
    return stamped(as_at, body, figure.freshness, measure=measure)


@router.get("/continuity/children")
async def continuity_children(
    session: SessionDep,
    principal: ChildRowReader,
    measure: Annotated[Measure, Query()] = "dfe",
    year: Year = None,
    window_from: From = None,
    window_to: To = None,
    cohort: Annotated[Cohort, Query()] = "all",
    pod_id: Annotated[uuid.UUID | None, Query(description="required for pod managers: one of their pods")] = None,
    worker_id: Annotated[uuid.UUID | None, Query()] = None,
    min_workers: Annotated[int, Query(ge=0, le=50, description="only children with at least this many")] = 0,
) -> Response:
    """The per-child rows behind a continuity figure (ids, worker count, changes, pod changes): for managers
    to see, e.g., the children with 3+ workers in 12 months. Ids only, never names; pod managers see their pods.
    Every read is in the audit log, one entry per child shown."""
    if not principal.service_wide and (pod_id is None or pod_id not in principal.pods):
        raise Forbidden("pod managers see the children of their own pods: pass one of your pod ids", field="pod_id")
    figure, as_at = await _figure(session, measure, year, window_from, window_to, cohort, pod_id, worker_id)
    rows = [row for row in figures.plain(figure.value)["children"] if row["worker_count"] >= min_workers]
    children = [uuid.UUID(row["child_id"]) for row in rows]
    await record_access(session, platform, principal, "read", f"continuity/children?measure={measure}", children)
    await session.commit()
    return stamped(as_at, rows, figure.freshness, measure=measure)
