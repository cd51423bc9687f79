"""The pod board: composition against the pod rule, each worker's caseload against capacity, cover today, and the
plans (a leaver's reallocation, a recalibration) waiting for the pod manager."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.portal.backend import Backend
from services.portal.queries.story import optional


@dataclass(frozen=True)
class PodBoard:
    pod: dict[str, Any]
    composition: dict[str, Any]
    members: list[dict[str, Any]]
    """Each member with their role, FTE, name and caseload (cases, points, capacity) as the KPI service has it."""
    names: dict[str, str]
    covers: list[dict[str, Any]]
    plans: list[dict[str, Any]]
    caseloads_as_at: str
    agenda: dict[str, Any] | None = None
    """The pod's group supervision agenda as at today (supervision); None if supervision did not answer."""
    children: dict[str, str] | None = None
    """Names of the children the pod holds today, by id (allocation): the agenda names each child."""


async def pod_board(backend: Backend, pod_id: str, today: date) -> PodBoard:
    pod, composition, workers, caseloads, covers, plans, agenda, held = await asyncio.gather(
        backend.get("allocation", f"/pods/{pod_id}"),
        backend.get("allocation", f"/pods/{pod_id}/composition", as_at=today),
        backend.get("allocation", "/workers", pod_id=pod_id, limit=500),
        backend.get("kpi", "/caseloads", as_at=today),
        backend.get("allocation", "/covers", pod_id=pod_id, on=today),
        backend.get("allocation", "/rebalancing-plans", pod_id=pod_id, state="proposed"),
        optional(backend.get("supervision", f"/pods/{pod_id}/agenda", as_at=today)),
        backend.get("allocation", "/children", pod_id=pod_id, limit=500),
    )
    children = {c["id"]: f"{c['given_name']} {c['family_name']}" for c in held["items"]}
    names = {w["id"]: w["name"] for w in workers["items"]}
    # A leaver working their notice is still a member, but the pod's worker list holds only open memberships.
    leaving = {m["worker_id"] for m in composition["members"]} | {p["worker_id"] for p in plans if p["worker_id"]}
    for found in await asyncio.gather(*[backend.get("allocation", f"/workers/{w}") for w in leaving - names.keys()]):
        names[found["id"]] = found["name"]
    loads = {w["worker_id"]: w for w in caseloads["figure"]["caseloads"]["workers"]}
    members = [
        {
            **member,
            "name": names.get(member["worker_id"], "A former member"),
            "cases": loads.get(member["worker_id"], {}).get("cases", 0),
            "points": loads.get(member["worker_id"], {}).get("points", 0.0),
            "capacity": loads.get(member["worker_id"], {}).get("capacity", 0.0),
        }
        for member in composition["members"]
    ]
    return PodBoard(pod, composition, members, names, covers, plans, caseloads["as_at"], agenda, children)


@dataclass(frozen=True)
class PodList:
    pods: list[dict[str, Any]]


async def pod_list(backend: Backend, only: tuple[str, ...] | None, today: date) -> PodList:
    """Every pod (a head of service), or the user's own, with its caseload against capacity."""
    pods, caseloads = await asyncio.gather(
        backend.get("allocation", "/pods", limit=500), backend.get("kpi", "/caseloads", as_at=today)
    )
    totals = caseloads["figure"]["caseloads"]["pods"]
    listed = [p for p in pods["items"] if only is None or p["id"] in only]
    return PodList([{**p, **totals.get(p["id"], {"cases": 0, "points": 0.0, "capacity": 0.0})} for p in listed])
