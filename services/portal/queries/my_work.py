"""My work: a worker's caseload against capacity, and who is covering whom today."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.portal.backend import Backend
from services.portal.queries.story import optional
from services.portal.rules import work_order


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
    to_see: list[dict[str, Any]] | None = None
    """The worker's children with their visit clocks (records), overdue first; None if records did not answer."""
    summaries_due: list[dict[str, Any]] | None = None
    """The worker's cases with when each next needs a case summary (records), overdue first."""
    actions: list[dict[str, Any]] | None = None
    """Open supervision actions the worker owns (supervision), overdue first."""
    others: dict[str, str] | None = None
    """Names of children an action is for whom the worker does not hold (a colleague's case in the pod)."""
    drafts: list[dict[str, Any]] | None = None
    """The signed-in worker's own story drafts not yet completed (records), oldest first; None if not asked for
    (someone else's work) or records did not answer."""


async def _none() -> None:
    return None


async def my_work(backend: Backend, worker_id: str, today: date, *, own: bool = False) -> MyWork:
    """`own`: the signed-in worker's own work and they may write in stories: with their drafts (records lists the
    caller's, so only for themselves); one more call, alongside the first."""
    caseload, own_drafts = await asyncio.gather(
        backend.get("allocation", f"/workers/{worker_id}/caseload", as_at=today),
        optional(backend.get("records", "/drafts")) if own else _none(),
    )
    covers_today = backend.get("allocation", "/covers", worker_id=worker_id, on=today)
    pod = caseload["pod_id"]
    to_see = summaries_due = actions = others = None
    if pod:
        colleagues, covers, visits, summaries, owned = await asyncio.gather(
            backend.get("allocation", "/workers", pod_id=pod, limit=500),
            covers_today,
            optional(backend.get("records", f"/pods/{pod}/visits", as_at=today)),
            optional(backend.get("records", f"/pods/{pod}/case-summaries", as_at=today)),
            optional(backend.get("supervision", f"/pods/{pod}/actions", owner_id=worker_id, status="open", limit=100)),
        )
        names = {w["id"]: w["name"] for w in colleagues["items"]}
        held = {case["child_id"] for case in caseload["cases"]}
        cases = {case["case_id"] for case in caseload["cases"]}
        if visits is not None:
            to_see = work_order.children_to_see([c for c in visits["children"] if c["child_id"] in held])
        if summaries is not None:
            summaries_due = work_order.summaries_due([c for c in summaries["cases"] if c["case_id"] in cases])
        if owned is not None:
            actions = work_order.actions_due(owned["items"])
            # One more call, only when an action is for a child someone else in the pod holds.
            if {a["child_id"] for a in actions} - held:
                pods_children = await backend.get("allocation", "/children", pod_id=pod, limit=500)
                others = {c["id"]: f"{c['given_name']} {c['family_name']}" for c in pods_children["items"]}
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
        to_see=to_see,
        summaries_due=summaries_due,
        actions=actions,
        others=others,
        drafts=None if own_drafts is None else [d for d in own_drafts if d["author"] == worker_id],
    )
