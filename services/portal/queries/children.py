"""A child: who holds the case and who to call today, the case's statuses, brothers and sisters, and the continuity
of social worker across every case the child has had."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.portal.backend import Backend


@dataclass(frozen=True)
class ChildPage:
    child: dict[str, Any]
    cases: list[dict[str, Any]]
    open_case: dict[str, Any] | None
    contact: dict[str, Any] | None
    statuses: list[dict[str, Any]]
    allocations: list[dict[str, Any]]
    siblings: list[dict[str, Any]]
    workers: dict[str, str]
    pods: dict[str, str]


async def child_page(backend: Backend, child_id: str, today: date) -> ChildPage:
    child, cases = await asyncio.gather(
        backend.get("allocation", f"/children/{child_id}"), backend.get("allocation", f"/children/{child_id}/cases")
    )
    open_case = next((case for case in reversed(cases) if case["closed_on"] is None), None)
    asks = [backend.get("allocation", f"/cases/{case['id']}/allocations") for case in cases]
    asks.append(backend.get("allocation", "/children", family_id=child["family_id"], limit=50))
    if open_case is not None:
        asks.append(backend.get("allocation", f"/cases/{open_case['id']}/contact", on=today))
        asks.append(backend.get("allocation", f"/cases/{open_case['id']}/statuses"))
    answers = await asyncio.gather(*asks)
    allocations = [a for answer in answers[: len(cases)] for a in answer]
    family = answers[len(cases)]
    contact, statuses = (answers[-2], answers[-1]) if open_case is not None else (None, [])
    workers, pods = await _names(backend, allocations)
    return ChildPage(
        child=child,
        cases=cases,
        open_case=open_case,
        contact=contact,
        statuses=statuses,
        allocations=allocations,
        siblings=[c for c in family["items"] if c["id"] != child_id],
        workers=workers,
        pods=pods,
    )


async def _names(backend: Backend, allocations: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """Names of the workers and pods in the child's history: one call each, usually two or three in all."""
    worker_ids = sorted({a["worker_id"] for a in allocations if a["worker_id"]})
    pod_ids = sorted({a["pod_id"] for a in allocations})
    found = await asyncio.gather(
        *[backend.get("allocation", f"/workers/{w}") for w in worker_ids],
        *[backend.get("allocation", f"/pods/{p}") for p in pod_ids],
    )
    names = {row["id"]: row["name"] for row in found}
    return {w: names[w] for w in worker_ids}, {p: names[p] for p in pod_ids}


async def find_children(backend: Backend, la_child_id: str) -> list[dict[str, Any]]:
    """By the council's own child id (exact): what a worker has on the referral or the file."""
    found = await backend.get("allocation", "/children", la_child_id=la_child_id, limit=10)
    items: list[dict[str, Any]] = found["items"]
    return items
