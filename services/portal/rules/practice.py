"""Practice measures on Performance: whose children the panels count, which quarter, and the series they chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

COUNCIL_WIDE = frozenset({"head_of_service", "performance_analyst"})
STATUSES = (("CP", "Child protection plan"), ("CLA", "Looked after"), ("CIN", "Child in need"))


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def a_year_earlier(self) -> Quarter:
        return Quarter(self.year - 1, self.number)

    @property
    def months(self) -> str:
        first, last = (date(self.year, 3 * self.number - 2, 1), date(self.year, 3 * self.number, 1))
        return f"{first:%B} to {last:%B} {self.year}"


def quarter_of(day: date) -> Quarter:
    """The calendar quarter the KPI service counts complaints and compliments in (2016-Q1 = January to March)."""
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def practice_pod(roles: frozenset[str], own_pods: tuple[str, ...], asked: str | None) -> str | None:
    """The pod whose children the practice panels count, None for the whole council. A head of service or an
    analyst sees the council unless they ask for a pod; a pod manager sees one of their own pods (the one asked
    for, else their first), never another's or the council's."""
    if roles & COUNCIL_WIDE:
        return asked or None
    if asked in own_pods:
        return asked
    return own_pods[0] if own_pods else None


def complaint_rows(stages: list[dict[str, Any]], quarter: Quarter) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A row per stage (received this quarter and a year earlier, answered in time) and a chart of the two
    quarters side by side per stage."""
    rows = [{**s, "label": f"Stage {s['stage']}"} for s in sorted(stages, key=lambda s: s["stage"])]
    data = [
        {"label": row["label"], "period": period, "value": row[key]}
        for row in rows
        for period, key in ((quarter.a_year_earlier.label, "received_a_year_earlier"), (quarter.label, "received"))
    ]
    return rows, _paired("Complaint stages started, this quarter against a year earlier", data, "Stages started")


def compliment_rows(
    pods: list[dict[str, Any]], names: dict[str, str], shown: str | None, quarter: Quarter
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A row per pod (the pod shown only, when the panels are one pod's; `service` where no pod was named) and a
    chart of this quarter against a year earlier per pod."""
    chosen = [p for p in pods if shown is None or p["pod_id"] == shown]
    rows = sorted(
        (
            {"label": names.get(p["pod_id"], "No pod named" if p["pod_id"] == "service" else "Unknown pod"), **p}
            for p in chosen
        ),
        key=lambda row: row["label"],
    )
    data = [
        {"label": row["label"], "period": period, "value": row[key]}
        for row in rows
        for period, key in ((quarter.a_year_earlier.label, "a_year_earlier"), (quarter.label, "count"))
    ]
    return rows, _paired("Compliments received, this quarter against a year earlier", data, "Compliments")


def overdue_by_status(visits: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A row per status (children overdue a visit of those with the status open) and their chart."""
    by_status = visits["overdue_by_status"]
    rows = [{"label": label, **by_status[code]} for code, label in STATUSES if code in by_status]
    chart = {
        "kind": "columns",
        "title": "Children overdue a visit, by status",
        "data": [{"label": row["label"], "value": row["numerator"]} for row in rows],
        "x": None,
        "y": "Children overdue",
    }
    return rows, chart


def _paired(title: str, data: list[dict[str, Any]], y: str) -> dict[str, Any]:
    return {"kind": "paired", "title": title, "data": data, "y": y}
