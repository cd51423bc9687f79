"""Performance: continuity (DfE, Children's Commissioner, local), monthly monitoring with CSV and XLSX downloads,
and caseloads; each figure with its definition a click away and each chart with its table."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from services.portal.queries.performance import Performance, monthly_download, performance
from services.portal.rules import charts, definitions, monitoring, practice
from services.portal.rules.caseload import pod_order

from .pages import Api, render
from .session import User

router = APIRouter()


def reporting_year(today: date) -> int:
    """The DfE year last completed: it ends on 31 March and is named by its end year (2024 = 2023-24)."""
    return today.year if today.month > 3 else today.year - 1


@router.get("/performance", response_class=HTMLResponse)
async def performance_page(
    request: Request,
    user: User,
    api: Api,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    month_from: Annotated[str | None, Query(alias="from", max_length=20)] = None,
    month_to: Annotated[str | None, Query(alias="to", max_length=20)] = None,
    pod: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    today = date.today()
    chosen_year = year or reporting_year(today)
    first, last, errors = monitoring.read_range(month_from, month_to, today)
    shown = practice.practice_pod(user.roles, user.pods, pod)
    quarter = practice.quarter_of(today)
    figures = await performance(api, chosen_year, first, last, shown, quarter)
    rows = monitoring.service_rows(figures.monthly["figure"])
    dfe = figures.dfe["figure"]
    pods = figures.caseloads["figure"]["caseloads"]["pods"]
    pod_rows = sorted(
        ({"name": figures.pods.get(pod_id, "Unknown pod"), **load} for pod_id, load in pods.items()),
        key=lambda row: pod_order(row["name"]),
    )
    context = {
        "figures": figures,
        "year": chosen_year,
        "years": list(range(reporting_year(today), reporting_year(today) - 5, -1)),
        "month_from": month_from if errors else first,
        "month_to": month_to if errors else last,
        "first": first,
        "last": last,
        "errors": errors,
        "rows": rows,
        "measures": monitoring.MEASURES,
        "pod_rows": pod_rows,
        "definitions": definitions,
        **_practice(figures, user.roles, user.pods, shown, quarter),
        "dfe_chart": charts.columns(
            "Children looked after by number of social workers in the year",
            [(k, v) for k, v in dfe["distribution"].items() if k != "0"],
            x="Social workers in the year",
            y="Children",
        ),
        "monthly_chart": charts.lines("Monthly monitoring", monitoring.chart_points(rows), y="Children"),
        "pods_chart": charts.capacity_bars(
            "Caseload points against capacity by pod",
            [{"label": r["name"], "points": r["points"], "capacity": r["capacity"]} for r in pod_rows],
        ),
    }
    return render(request, "performance.html", context, status_code=400 if errors else 200, current="performance")


def _practice(
    figures: Performance, roles: frozenset[str], own_pods: tuple[str, ...], shown: str | None, quarter: practice.Quarter
) -> dict[str, Any]:
    """The practice panels' rows and charts; a panel whose figure the KPI service did not give stays None."""
    council_wide = bool(roles & practice.COUNCIL_WIDE)
    choices = [
        (pod_id, figures.pods.get(pod_id, "Unknown pod")) for pod_id in (figures.pods if council_wide else own_pods)
    ]
    context: dict[str, Any] = {
        "quarter": quarter,
        "shown_pod": shown,
        "shown_name": figures.pods.get(shown, "Unknown pod") if shown else "the whole council",
        "pod_choices": sorted(choices, key=lambda choice: pod_order(choice[1])),
        "council_wide": council_wide,
        "visit_rows": None,
        "complaint_rows": None,
        "compliment_rows": None,
    }
    if figures.visits is not None:
        context["visit_rows"], context["visits_chart"] = practice.overdue_by_status(figures.visits["figure"])
    if figures.complaints is not None:
        stages = figures.complaints["figure"]["stages"]
        context["complaint_rows"], context["complaints_chart"] = practice.complaint_rows(stages, quarter)
    if figures.compliments is not None:
        pods = figures.compliments["figure"]["pods"]
        context["compliment_rows"], context["compliments_chart"] = practice.compliment_rows(
            pods, figures.pods, shown, quarter
        )
    return context


@router.get("/performance/monthly-monitoring.{kind}")
async def monthly_monitoring_download(
    request: Request,
    user: User,
    api: Api,
    kind: Literal["csv", "xlsx"],
    month_from: Annotated[str | None, Query(alias="from", max_length=20)] = None,
    month_to: Annotated[str | None, Query(alias="to", max_length=20)] = None,
) -> Response:
    """The monitoring table as a file, for the range on the page."""
    first, last, _ = monitoring.read_range(month_from, month_to, date.today())
    content, media_type = await monthly_download(api, first, last, kind)
    filename = f"monthly-monitoring-{first}-to-{last}.{kind}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": f"attachment; filename={filename}"})
