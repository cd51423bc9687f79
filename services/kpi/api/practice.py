"""The practice measures (kpi.md 4): visits, case summaries, supervision, feedback and practice quality, each with
numerator, denominator, cohort, as-at date and freshness; aggregates only (per-child rows are in /my-work)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import Query, Response

from services.kpi.api.common import EARLIEST, LATEST, AggregateReader, stamped
from services.kpi.queries import figures, practice
from services.kpi.queries.practice import Scope
from services.kpi.rules.feedback import Quarter
from services.kpi.settings import Settings
from shared.problems import Invalid
from shared.runtime.bodies import IsoDate
from shared.runtime.http import UnitOfWorkDep, service_router

router = service_router(tags=["practice measures"])
FRESHNESS = {"last_event_time": "2024-03-28T16:02:11Z", "last_applied_at": "2024-03-28T16:02:12Z"}
AsAt = Annotated[IsoDate | None, Query(ge=EARLIEST, le=LATEST, description="Default today")]
PodId = Annotated[uuid.UUID | None, Query(description="Only the children this pod holds at the end of as_at")]
WorkerId = Annotated[uuid.UUID | None, Query(description="Only the children this worker holds at the end of as_at")]
QuarterText = Annotated[
    str, Query(pattern=r"^\d{4}-Q[1-4]$", description="A calendar quarter: 2024-Q1 is January to March 2024")
]


def _ok(example: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"content": {"application/json": {"example": {"as_at": "2024-03-28", "freshness": FRESHNESS, **example}}}}
    }


def _share(numerator: int, denominator: int, percent: int) -> dict[str, Any]:
    return {
        "numerator": numerator,
        "denominator": denominator,
        "ratio": round(numerator / denominator, 4) if denominator else 0.0,
        "percent": percent,
    }


def _scope(pod_id: uuid.UUID | None, worker_id: uuid.UUID | None) -> Scope:
    return Scope(str(pod_id) if pod_id else None, str(worker_id) if worker_id else None)


def _quarter(text: str) -> Quarter:
    quarter = Quarter.parse(text)
    if quarter is None or not EARLIEST.year < quarter.year <= LATEST.year:
        raise Invalid("quarter must be like 2024-Q1", field="query.quarter")
    return quarter


VISITS = {
    "figure": {
        "cohort": "open_cin_cp_cla",
        "children": 412,
        "overdue": _share(23, 412, 6),
        "overdue_by_status": {"CP": _share(4, 88, 5), "CLA": _share(9, 140, 6), "CIN": _share(10, 184, 5)},
        "cp_seen_alone_at_last_visit": _share(61, 86, 71),
        "never_seen": 3,
        "median_days_since_seen": 9,
        "median_days_since_seen_alone": 16,
    }
}


@router.get("/visits", responses=_ok(VISITS))
async def visits(
    uow: UnitOfWorkDep,
    principal: AggregateReader,
    settings: Settings,
    as_at: AsAt = None,
    pod_id: PodId = None,
    worker_id: WorkerId = None,
) -> Response:
    """Visits (kpi.md 4): children with a CP plan, looked after or in need on the day; those overdue a visit per
    status, by records' own intervals and rule (CLA every 6 weeks, CP every 10 and CIN every 20 working days by
    default); the share of CP children seen alone at their last visit; median days since last seen and seen alone.
    For the service, a pod or a worker (the children they hold)."""
    day = as_at or date.today()
    figure, mark = await practice.reckon(
        uow.session, practice.visits(uow.session, day, _scope(pod_id, worker_id), settings)
    )
    return stamped(day, figures.plain(figure, drop=frozenset({"rows"})), mark)


SUMMARIES = {
    "figure": {
        "cohort": "open_cases",
        "within_cadence": _share(371, 412, 90),
        "overdue": 41,
        "due_within_7_days": 64,
        "never_summarised": 7,
    }
}


@router.get("/case-summaries", responses=_ok(SUMMARIES))
async def case_summaries(
    uow: UnitOfWorkDep,
    principal: AggregateReader,
    settings: Settings,
    as_at: AsAt = None,
    pod_id: PodId = None,
    worker_id: WorkerId = None,
) -> Response:
    """Case summaries (kpi.md 4): the share of open cases whose next summary is not yet past due (the last summary,
    or the case's opening, plus the cadence the last summary carried, else records' default), and how many are
    overdue or fall due within 7 days."""
    day = as_at or date.today()
    scope = _scope(pod_id, worker_id)
    figure, mark = await practice.reckon(uow.session, practice.case_summaries(uow.session, day, scope, settings))
    return stamped(day, figures.plain(figure, drop=frozenset({"overdue_cases"})), mark)


SUPERVISION = {
    "figure": {
        "discussed": {
            "cohort": "allocated_children",
            "discussed_within_interval": _share(389, 412, 94),
            "never_discussed": 2,
        },
        "actions": {"open": 57, "overdue": _share(8, 57, 14), "median_days_overdue": 5},
        "scaling": {
            "children_scored": 301,
            "dropped": _share(12, 301, 4),
            "spread_at_least": 3,
            "wide_spread": _share(40, 250, 16),
            "mean_spread": 1.6,
            "spread_distribution": {str(points): 0 for points in range(11)},
        },
    }
}


@router.get("/supervision", responses=_ok(SUPERVISION))
async def supervision(
    uow: UnitOfWorkDep,
    principal: AggregateReader,
    settings: Settings,
    as_at: AsAt = None,
    pod_id: PodId = None,
    worker_id: WorkerId = None,
) -> Response:
    """Supervision (kpi.md 4): the share of allocated children discussed within their interval (supervision's:
    the shortest of their statuses', default every 4 weeks); actions open and overdue (a worker's: the ones they
    own); scaling: children whose latest score by a voice dropped 2+ points from that voice's score before, and the
    spread between voices on one question."""
    day = as_at or date.today()
    scope = _scope(pod_id, worker_id)
    figure, mark = await practice.reckon(uow.session, practice.supervision(uow.session, day, scope, settings))
    return stamped(day, figures.plain(figure), mark)


COMPLAINTS = {
    "quarter": "2016-Q1",
    "figure": {
        "cohort": "complaint_stages",
        "stages": [
            {
                "stage": 1,
                "received": 15,
                "received_a_year_earlier": 41,
                "change": -26,
                "answered": 14,
                "answered_in_time": _share(12, 14, 86),
            },
            {
                "stage": 2,
                "received": 2,
                "received_a_year_earlier": 5,
                "change": -3,
                "answered": 2,
                "answered_in_time": _share(2, 2, 100),
            },
            {
                "stage": 3,
                "received": 0,
                "received_a_year_earlier": 1,
                "change": -1,
                "answered": 0,
                "answered_in_time": _share(0, 0, 0),
            },
        ],
    },
}


@router.get("/complaints", responses=_ok(COMPLAINTS))
async def complaints(
    uow: UnitOfWorkDep, principal: AggregateReader, quarter: QuarterText, pod_id: PodId = None
) -> Response:
    """Complaints (kpi.md 4): per stage, those received (stage 1) or asked for (stages 2 and 3) in the quarter
    against the same quarter a year earlier (the seed: stage 1, 41 -> 15); and of the stages answered in the
    quarter, the share answered within the statutory time, extensions included, as the feedback service judged it."""
    asked = _quarter(quarter)
    stages, mark = await practice.reckon(
        uow.session, practice.complaints(uow.session, asked, str(pod_id) if pod_id else None)
    )
    body = {"cohort": "complaint_stages", "stages": figures.plain(stages)}
    return stamped(asked.end, body, mark, quarter=asked.label)


COMPLIMENTS = {
    "quarter": "2016-Q1",
    "figure": {"cohort": "compliments", "pods": [{"pod_id": "0b9c...", "count": 9, "a_year_earlier": 4}]},
}


@router.get("/compliments", responses=_ok(COMPLIMENTS))
async def compliments(uow: UnitOfWorkDep, principal: AggregateReader, quarter: QuarterText) -> Response:
    """Compliments (kpi.md 4) received in the quarter per pod (`service` where no pod was named), beside the same
    quarter a year earlier. Never per worker: a worker sees their own in /my-work."""
    asked = _quarter(quarter)
    pods, mark = await practice.reckon(uow.session, practice.compliments(uow.session, asked))
    return stamped(asked.end, {"cohort": "compliments", "pods": figures.plain(pods)}, mark, quarter=asked.label)


QUESTIONNAIRES = {
    "figure": [
        {
            "questionnaire_code": "cic",
            "audience": "children_in_care",
            "period_start": "2024-01-01",
            "period_end": "2024-03-31",
            "run": {
                "run_id": "5d1e...",
                "respondents": 38,
                "suppressed": False,
                "items": [{"item": "cic_01", "kind": "scale", "n": 37, "suppressed": False, "mean": 4.2}],
                "pods": [{"pod_id": "0b9c...", "respondents": 3, "suppressed": True, "items": []}],
            },
        }
    ]
}


@router.get("/questionnaires", responses=_ok(QUESTIONNAIRES))
async def questionnaires(
    uow: UnitOfWorkDep,
    principal: AggregateReader,
    settings: Settings,
    run_id: Annotated[uuid.UUID | None, Query(description="One run; default every run")] = None,
    questionnaire_code: Annotated[str | None, Query(max_length=40, pattern=r"^[a-z0-9_]+$")] = None,
) -> Response:
    """Questionnaire results (kpi.md 4): per item n and mean (one decimal, half up), for the run and per pod, with
    groups under the suppression threshold hidden by the feedback service's own rule (`shared.disclosure`: a small
    group, and as many more as it takes that the total less the groups shown reveals nobody)."""
    runs, mark = await practice.reckon(
        uow.session,
        practice.questionnaires(
            uow.session, str(run_id) if run_id else None, questionnaire_code, settings.suppression_threshold
        ),
    )
    as_at = max((run["period_end"] for run in runs), default=date.today())
    return stamped(as_at, figures.plain(runs), mark)


QUALITY = {
    "quarter": "2024-Q1",
    "figure": {
        "case_audits": [
            {
                "pod_id": "service",
                "audits": 24,
                "overall": {"good": 15, "outstanding": 2, "requires_improvement": 7},
                "good_or_better": _share(17, 24, 71),
                "by_area": {"planning": {"good": 20, "requires_improvement": 4}},
                "themes": {"relationship_based_practice": 9},
            }
        ],
        "recording_time": [
            {
                "pod_id": "0b9c...",
                "entry_type": "visit",
                "entries": 112,
                "median_minutes": 38.5,
                "median_characters": 2100,
            }
        ],
    },
}


@router.get("/practice-quality", responses=_ok(QUALITY))
async def practice_quality(
    uow: UnitOfWorkDep, principal: AggregateReader, quarter: QuarterText, pod_id: PodId = None
) -> Response:
    """Practice quality (kpi.md 4): the quarter's case audits per pod and for the service (grades overall and per
    area, the share good or outstanding, practice themes); recording time by kind of entry per pod (entries
    completed in the quarter, median minutes from draft to completion): aggregates only."""
    asked = _quarter(quarter)
    body, mark = await practice.reckon(
        uow.session, practice.practice_quality(uow.session, asked, str(pod_id) if pod_id else None)
    )
    return stamped(asked.end, figures.plain(body), mark, quarter=asked.label)
