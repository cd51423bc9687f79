"""Feedback through the feedback API: complaints with their working-day clocks (due soon, overdue), compliments,
and questionnaire results; pod and worker names from allocation. The API decides what each user sees (a pod
manager, their pods' complaints without who complained)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.portal.backend import Backend, BackendProblem


@dataclass(frozen=True)
class Feedback:
    due: dict[str, Any]
    complaints: list[dict[str, Any]]
    compliments: list[dict[str, Any]]
    runs: list[dict[str, Any]]
    report: dict[str, Any] | None
    run: dict[str, Any] | None
    pods: dict[str, str]
    workers: dict[str, str]


async def feedback(backend: Backend, today: date, run_id: str | None, within: int) -> Feedback:
    due, complaints, compliments, runs, pods, workers = await asyncio.gather(
        backend.get("feedback", "/complaints/due", within=within, as_at=today),
        backend.get("feedback", "/complaints", status="open", limit=100),
        backend.get("feedback", "/compliments", limit=20),
        backend.get("feedback", "/questionnaire-runs", limit=50),
        backend.get("allocation", "/pods", limit=500),
        backend.get("allocation", "/workers", limit=500),
    )
    closed = [r for r in runs["items"] if r["status"] == "closed" and r["responses"]]
    run = next((r for r in runs["items"] if r["id"] == run_id), None) or (closed[0] if closed else None)
    report = await _report(backend, run["id"]) if run else None
    return Feedback(
        due=due,
        complaints=complaints["items"],
        compliments=compliments["items"],
        runs=runs["items"],
        report=report,
        run=run,
        pods={p["id"]: p["name"] for p in pods["items"]},
        workers={w["id"]: w["name"] for w in workers["items"]},
    )


async def _report(backend: Backend, run_id: str) -> dict[str, Any] | None:
    """A run the API will not report on yet (still open, say) shows as no results, not as no page."""
    try:
        report: dict[str, Any] = await backend.get("feedback", f"/questionnaire-runs/{run_id}/report")
    except BackendProblem as refused:
        if refused.status in (409, 422):
            return None
        raise
    return report
