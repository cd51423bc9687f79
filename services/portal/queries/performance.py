"""Performance: continuity (DfE, Children's Commissioner, local), monthly monitoring and caseloads, from the KPI
service, each figure with its as-at date and freshness."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from services.portal.backend import Backend
from services.portal.queries.story import optional
from services.portal.rules.practice import Quarter


@dataclass(frozen=True)
class Performance:
    dfe: dict[str, Any]
    cco: dict[str, Any]
    local: dict[str, Any]
    monthly: dict[str, Any]
    caseloads: dict[str, Any]
    pods: dict[str, str]
    visits: dict[str, Any] | None = None
    """The practice measures (kpi.md 4) for the pod shown or the council; each None when the KPI service did not
    answer for it, so that panel says so and the rest of the page still answers."""
    summaries: dict[str, Any] | None = None
    supervision: dict[str, Any] | None = None
    complaints: dict[str, Any] | None = None
    compliments: dict[str, Any] | None = None


async def performance(
    backend: Backend, year: int, month_from: str, month_to: str, pod: str | None, quarter: Quarter
) -> Performance:
    scope = {"pod_id": pod} if pod else {}
    (
        dfe,
        cco,
        local,
        monthly,
        caseloads,
        pods,
        visits,
        summaries,
        supervision,
        complaints,
        compliments,
    ) = await asyncio.gather(
        backend.get("kpi", "/continuity", measure="dfe", year=year),
        backend.get("kpi", "/continuity", measure="cco", year=year),
        backend.get("kpi", "/continuity", measure="local"),
        backend.get("kpi", "/monthly-monitoring", **{"from": month_from, "to": month_to}),
        backend.get("kpi", "/caseloads"),
        backend.get("allocation", "/pods", limit=500),
        optional(backend.get("kpi", "/visits", **scope)),
        optional(backend.get("kpi", "/case-summaries", **scope)),
        optional(backend.get("kpi", "/supervision", **scope)),
        optional(backend.get("kpi", "/complaints", quarter=quarter.label, **scope)),
        optional(backend.get("kpi", "/compliments", quarter=quarter.label)),
    )
    names = {p["id"]: p["name"] for p in pods["items"]}
    return Performance(
        dfe, cco, local, monthly, caseloads, names, visits, summaries, supervision, complaints, compliments
    )


async def monthly_download(backend: Backend, month_from: str, month_to: str, kind: str) -> tuple[bytes, str]:
    """The monitoring table as the KPI service writes it (CSV or XLSX): the portal passes it on unchanged."""
    response = await backend.request(
        "GET", "kpi", "/monthly-monitoring", params={"from": month_from, "to": month_to, "format": kind}
    )
    return response.content, response.headers.get("content-type", "application/octet-stream")
