"""A rebalancing plan as its pod manager decides it: each move with the child's name, who gives and who takes the
case, and its continuity cost; the cases nobody has room for."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from services.portal.backend import Backend


@dataclass(frozen=True)
class PlanPage:
    plan: dict[str, Any]
    pod: dict[str, Any]
    names: dict[str, str]
    children: dict[str, str]
    """Child names by id, from the caseloads of the workers the plan moves cases from (one call each)."""


async def plan_page(backend: Backend, pod_id: str, plan_id: str) -> PlanPage:
    plan, pod, workers = await asyncio.gather(
        backend.get("allocation", f"/rebalancing-plans/{plan_id}"),
        backend.get("allocation", f"/pods/{pod_id}"),
        backend.get("allocation", "/workers", pod_id=pod_id, limit=500),
    )
    names = {w["id"]: w["name"] for w in workers["items"]}
    leaver = {plan["worker_id"]} if plan["worker_id"] else set()
    givers = sorted({m["from_worker_id"] for m in plan["moves"]} | leaver)
    loads = await asyncio.gather(*[backend.get("allocation", f"/workers/{w}/caseload") for w in givers])
    children = {case["child_id"]: case["child_name"] for load in loads for case in load["cases"]}
    missing = {m["to_worker_id"] for m in plan["moves"]} | set(givers)
    for found in await asyncio.gather(*[backend.get("allocation", f"/workers/{w}") for w in missing - names.keys()]):
        names[found["id"]] = found["name"]
    return PlanPage(plan, pod, names, children)
