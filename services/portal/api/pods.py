"""The pod board, and the list of pods a manager or head of service can open."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.portal.queries.pods import pod_board, pod_list
from services.portal.rules import charts
from services.portal.rules.caseload import fullness, pod_order

from .pages import Api, render
from .session import User, session_of

router = APIRouter()
Id = Annotated[str, Path(pattern=r"^[0-9a-fA-F-]{36}$")]


@router.get("/pods", response_class=HTMLResponse)
async def pods(request: Request, user: User, api: Api) -> Response:
    """A pod manager of one pod goes straight to its board; a head of service chooses."""
    if not user.has_any("head_of_service") and len(user.pods) == 1:
        return RedirectResponse(f"/pods/{user.pods[0]}", status_code=303)
    listed = await pod_list(api, None if user.has_any("head_of_service") else user.pods, date.today())
    ordered = sorted(listed.pods, key=lambda pod: pod_order(pod["name"]))
    return render(request, "pods.html", {"pods": ordered}, current="pods")


@router.get("/pods/{pod_id}", response_class=HTMLResponse)
async def board(request: Request, user: User, api: Api, pod_id: Id) -> Response:
    """Composition against the pod rule, caseloads against capacity (chart and table), cover today, plans."""
    found = await pod_board(api, pod_id, date.today())
    members = sorted(found.members, key=lambda m: (-(m["points"] / m["capacity"]) if m["capacity"] else 0, m["name"]))
    case_holders = [m for m in members if m["capacity"] > 0]
    chart = charts.capacity_bars(
        f"Caseload points against capacity, {found.pod['name']}",
        [{"label": m["name"], "points": m["points"], "capacity": m["capacity"]} for m in case_holders],
    )
    totals = {
        "cases": sum(m["cases"] for m in members),
        "points": sum(m["points"] for m in members),
        "capacity": sum(m["capacity"] for m in members),
    }
    context = {
        "board": found,
        "members": members,
        "caseload_chart": chart,
        "totals": totals,
        "pod_fullness": fullness(totals["points"], totals["capacity"]),
        "flash": session_of(request).pop("flash", None),
    }
    return render(request, "pod_board.html", context, current="pods")
