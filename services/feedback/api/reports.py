"""The feedback team's reports, for analysts and managers: aggregates only, as JSON, CSV or XLSX. Counts are raw for
internal use; `for_publication=true` shows counts under the threshold as "<5"."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import Query, Request, Response

from services.feedback.api.callers import ReportReader
from services.feedback.api.schemas.reports import (
    ComplimentsOut,
    PodQuartersOut,
    QuarterOut,
    ReceivedOut,
    StageRowsOut,
    StepOut,
    TimelinessOut,
)
from services.feedback.api.tables import TABULAR, FormatQuery, chosen, tabular
from services.feedback.queries import reports as queries
from services.feedback.queries.view import pod_names
from services.feedback.rules.quarters import Quarter, reporting_year_of
from services.feedback.rules.reports import QuarterCount, per_quarter, received_per_stage, timeliness
from services.feedback.settings import Settings
from shared.runtime.http import UnitOfWorkDep, service_router
from shared.vocabulary import ComplaintProcedureCode

router = service_router(tags=["reports"])
Year = Annotated[
    int | None,
    Query(ge=2000, le=2100, description="The reporting year, April to March, named by its end: 2016 = 2015-16"),
]
ForPublication = Annotated[bool, Query(description='Counts under the threshold as "<5"')]
STAGES = ("stage_1", "stage_2", "stage_3", "ombudsman")
STEPS = ("acknowledgement", "stage_1", "stage_2", "stage_3")


def _quarters(rows: list[QuarterCount]) -> list[QuarterOut]:
    return [
        QuarterOut(
            quarter=row.quarter.label,
            start=row.quarter.start,
            end=row.quarter.end,
            count=row.count,
            a_year_earlier=row.a_year_earlier,
            change=row.change,
        )
        for row in rows
    ]


def _year_label(year: int) -> str:
    return Quarter(year, 1).label.removesuffix(" Q1")


def _quarter_cells(quarter: QuarterOut) -> list[Any]:
    return [quarter.quarter, quarter.start, quarter.end, quarter.count, quarter.a_year_earlier, quarter.change]


def _by_name(pod: uuid.UUID | None, names: dict[uuid.UUID, str]) -> tuple[bool, str]:
    """Pods by name; compliments for no pod last."""
    return (pod is None, names.get(pod, str(pod)) if pod else "")


QUARTER_HEADER = ["quarter", "start", "end", "count", "a_year_earlier", "change"]


@router.get("/reports/complaints-received", responses=TABULAR, response_model=ReceivedOut)
async def complaints_received(
    request: Request,
    uow: UnitOfWorkDep,
    principal: ReportReader,
    settings: Settings,
    year: Year = None,
    procedure: ComplaintProcedureCode | None = None,
    pod_id: uuid.UUID | None = None,
    for_publication: ForPublication = False,
    format: FormatQuery = None,
) -> Response:
    """Complaints received per stage per quarter (received at stage 1, asked for at stage 2 or 3, referred to the
    Ombudsman) against the same quarter a year earlier: the seed council's "stage 1 complaints fell from 41 to 15"."""
    chosen_year = year or reporting_year_of(date.today())
    threshold = settings.suppression_threshold if for_publication else None
    entries = await queries.stage_entries(uow, chosen_year, procedure, pod_id)
    by_stage = received_per_stage(entries, chosen_year, threshold)
    report = ReceivedOut.model_validate(
        dict(
            year=chosen_year,
            label=_year_label(chosen_year),
            procedure=procedure,
            pod_id=pod_id,
            for_publication=for_publication,
            threshold=settings.suppression_threshold,
            stages=[
                StageRowsOut.model_validate(
                    dict(
                        stage=stage, quarters=_quarters(by_stage.get(stage) or per_quarter([], chosen_year, threshold))
                    )
                )
                for stage in STAGES
            ],
        )
    )
    rows = [[stage.stage, *_quarter_cells(quarter)] for stage in report.stages for quarter in stage.quarters]
    name = f"complaints-received-{chosen_year}"
    return tabular(report, chosen(request, format), ["stage", *QUARTER_HEADER], rows, name)


@router.get("/reports/complaint-timeliness", responses=TABULAR, response_model=TimelinessOut)
async def complaint_timeliness(
    request: Request,
    uow: UnitOfWorkDep,
    principal: ReportReader,
    settings: Settings,
    year: Year = None,
    procedure: ComplaintProcedureCode | None = None,
    pod_id: uuid.UUID | None = None,
    for_publication: ForPublication = False,
    format: FormatQuery = None,
) -> Response:
    """Of the steps taken in the year, the share taken within the statutory (or configured) time: the
    acknowledgement, and the answer at each stage (at stage 3: the panel, its report and the council's response
    each within theirs). Withdrawn stages were not answered and are not counted."""
    chosen_year = year or reporting_year_of(date.today())
    threshold = settings.suppression_threshold if for_publication else None
    first, last = Quarter(chosen_year, 1).start, Quarter(chosen_year, 4).end
    steps = await queries.steps_in_time(uow, settings, first, last, procedure, pod_id)
    report = TimelinessOut.model_validate(
        dict(
            year=chosen_year,
            label=_year_label(chosen_year),
            procedure=procedure,
            pod_id=pod_id,
            for_publication=for_publication,
            threshold=settings.suppression_threshold,
            steps=[
                StepOut.model_validate(dict(step=step, **asdict(timeliness(steps.get(step, []), threshold))))
                for step in STEPS
            ],
        )
    )
    rows = [[step.step, step.answered, step.in_time, step.per_cent_in_time] for step in report.steps]
    header = ["step", "answered", "in_time", "per_cent_in_time"]
    return tabular(report, chosen(request, format), header, rows, f"complaint-timeliness-{chosen_year}")


@router.get("/reports/compliments", responses=TABULAR, response_model=ComplimentsOut)
async def compliments_per_pod(
    request: Request,
    uow: UnitOfWorkDep,
    principal: ReportReader,
    settings: Settings,
    year: Year = None,
    for_publication: ForPublication = False,
    format: FormatQuery = None,
) -> Response:
    """Compliments per pod per quarter, and for the service, against the same quarter a year earlier."""
    chosen_year = year or reporting_year_of(date.today())
    threshold = settings.suppression_threshold if for_publication else None
    days = await queries.compliment_days(uow, chosen_year)
    names = await pod_names(uow)
    by_pod: dict[uuid.UUID | None, list[date]] = {}
    for pod, day in days:
        by_pod.setdefault(pod, []).append(day)
    report = ComplimentsOut(
        year=chosen_year,
        label=_year_label(chosen_year),
        for_publication=for_publication,
        threshold=settings.suppression_threshold,
        service=_quarters(per_quarter([day for _, day in days], chosen_year, threshold)),
        pods=[
            PodQuartersOut(
                pod_id=pod,
                pod_name=names.get(pod) if pod else None,
                quarters=_quarters(per_quarter(pod_days, chosen_year, threshold)),
            )
            for pod, pod_days in sorted(by_pod.items(), key=lambda item: _by_name(item[0], names))
        ],
    )
    rows = [["service", "", *_quarter_cells(quarter)] for quarter in report.service]
    rows += [
        [group.pod_name or "no pod", str(group.pod_id or ""), *_quarter_cells(quarter)]
        for group in report.pods
        for quarter in group.quarters
    ]
    name = f"compliments-{chosen_year}"
    return tabular(report, chosen(request, format), ["pod", "pod_id", *QUARTER_HEADER], rows, name)
