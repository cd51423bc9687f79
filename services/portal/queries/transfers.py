"""What the transfer form shows: the case, its child, who holds it now, the pod's workers who could take it, and
(once a worker, reason and date are chosen) the continuity cost the allocation service prices before anything
changes."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.portal.backend import Backend


@dataclass(frozen=True)
class TransferForm:
    case: dict[str, Any]
    version: str
    """The case's ETag as read here: the confirmed transfer carries it as If-Match, so a case changed meanwhile is
    refused (412) rather than moved on an out-of-date preview."""
    child: dict[str, Any]
    current: dict[str, Any] | None
    holder: str | None
    """The name of the worker who holds the case now."""
    workers: list[dict[str, Any]]
    preview: dict[str, Any] | None


async def transfer_form(backend: Backend, case_id: str) -> TransferForm:
    case_response, allocations = await asyncio.gather(
        backend.request("GET", "allocation", f"/cases/{case_id}"),
        backend.get("allocation", f"/cases/{case_id}/allocations"),
    )
    case = case_response.json()
    current = next((a for a in allocations if a["end_date"] is None and not a["entered_in_error"]), None)
    asks = [backend.get("allocation", f"/children/{case['child_id']}")]
    if current is not None:
        asks.append(backend.get("allocation", "/workers", pod_id=current["pod_id"], limit=500))
    answers = await asyncio.gather(*asks)
    workers = answers[1]["items"] if current is not None else []
    others = [w for w in workers if current is None or w["id"] != current["worker_id"]]
    holder = next((w["name"] for w in workers if current is not None and w["id"] == current["worker_id"]), None)
    return TransferForm(
        case=case,
        version=case_response.headers.get("ETag", ""),
        child=answers[0],
        current=current,
        holder=holder,
        workers=sorted(others, key=lambda w: w["name"]),
        preview=None,
    )


async def preview(backend: Backend, case_id: str, to_worker_id: str, effective_date: date) -> dict[str, Any]:
    answer: dict[str, Any] = await backend.get(
        "allocation", f"/cases/{case_id}/transfers/preview", to_worker_id=to_worker_id, effective_date=effective_date
    )
    return answer
