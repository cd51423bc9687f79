"""My work: a worker's caseload against capacity, and who is covering whom today."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.portal.backend import Backend


@dataclass(frozen=True)
class MyWork:
    worker: dict[str, Any]
    caseload: dict[str, Any]
    names: dict[str, str]
    """Worker names by id: the worker's pod colleagues (covers are always between colleagues of one pod)."""
    covered: list[dict[str, Any]]
    """The worker's cases a colleague covers today."""
    covering: list[dict[str, Any]]
    """A colleague's cases the worker covers today."""


async def my_work(backend: Backend, worker_id: str, today: date) -> MyWork:
    caseload = await backend.get("allocation", f"/workers/{worker_id}/caseload", as_at=today)
    covers_today = backend.get("allocation", "/covers", worker_id=worker_id, on=today)
    if caseload["pod_id"]:
        colleagues, covers = await asyncio.gather(
            backend.get("allocation", "/workers", pod_id=caseload["pod_id"], limit=500), covers_today
        )
        names = {w["id"]: w["name"] for w in colleagues["items"]}
    else:
        names, covers = {}, await covers_today
    if worker_id not in names:
        names[worker_id] = (await backend.get("allocation", f"/workers/{worker_id}"))["name"]
    return MyWork(
        worker={"id": worker_id, "name": names[worker_id]},
        caseload=caseload,
        names=names,
        covered=[c for c in covers if c["worker_id"] == worker_id],
        covering=[c for c in covers if c["covering_worker_id"] == worker_id],
    )
