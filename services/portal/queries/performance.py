"""Performance: continuity (DfE, Children's Commissioner, local), monthly monitoring and caseloads, from the KPI
service, each figure with its as-at date and freshness."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from services.portal.backend import Backend


@dataclass(frozen=True)
class Performance:
    dfe: dict[str, Any]
    cco: dict[str, Any]
    local: dict[str, Any]
    monthly: dict[str, Any]
    caseloads: dict[str, Any]
    pods: dict[str, str]


async def performance(backend: Backend, year: int, month_from: str, month_to: str) -> Performance:
    dfe, cco, local, monthly, caseloads, pods = await asyncio.gather(
        backend.get("kpi", "/continuity", measure="dfe", year=year),
        backend.get("kpi", "/continuity", measure="cco", year=year),
        backend.get("kpi", "/continuity", measure="local"),
        backend.get("kpi", "/monthly-monitoring", **{"from": month_from, "to": month_to}),
        backend.get("kpi", "/caseloads"),
        backend.get("allocation", "/pods", limit=500),
    )
    return Performance(dfe, cco, local, monthly, caseloads, {p["id"]: p["name"] for p in pods["items"]})


async def monthly_download(backend: Backend, month_from: str, month_to: str, kind: str) -> tuple[bytes, str]:
    """The monitoring table as the KPI service writes it (CSV or XLSX): the portal passes it on unchanged."""
    response = await backend.request(
        "GET", "kpi", "/monthly-monitoring", params={"from": month_from, "to": month_to, "format": kind}
    )
    return response.content, response.headers.get("content-type", "application/octet-stream")
