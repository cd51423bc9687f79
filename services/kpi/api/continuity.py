from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Query, Response

from services.kpi.api.common import EARLIEST, LATEST, AggregateReader, ChildRowReader, stamped
from services.kpi.queries import figures
from services.kpi.queries.figures import Cohort, ContinuityAsk, Measure
from shared.runtime.http import UnitOfWorkDep, service_router

router = service_router(tags=["continuity"])
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
    uow: UnitOfWorkDep,
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
    distribution. `cco`: Children's Commissioner Stability Index — % of children looked after on 31 March
    (excluding V3/V4-only) with 2+ changes, with and without pod changes. `local`: every open child (or
    CIN/CP/CLA), changes and workers per child, reasons for change. Numerator, denominator, exact ratio and the
    rounded percentage; per-child rows are at /continuity/children."""
    ask = ContinuityAsk(measure, year, window_from, window_to, cohort, pod_id, worker_id)
    figure, as_at = await figures.continuity(uow.session, ask)
    body = figures.plain(figure.value, drop=figures.PER_CHILD_FIELDS)
    return stamped(as_at, body, figure.freshness, measure=measure)


@router.get("/continuity/children")
async def continuity_children(
    uow: UnitOfWorkDep,
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
    ask = ContinuityAsk(measure, year, window_from, window_to, cohort, pod_id, worker_id)
    rows, freshness, as_at = await figures.continuity_children(uow, principal, ask, min_workers)
    return stamped(as_at, rows, freshness, measure=measure)
