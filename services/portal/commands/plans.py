"""Deciding a rebalancing plan: applied as ordinary transfers on the effective date, or rejected; the allocation
service does both (all moves or none)."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.portal.backend import Backend


async def apply_plan(backend: Backend, plan_id: str, effective: date, note: str, key: str) -> dict[str, Any]:
    body = {"effective_date": effective.isoformat(), "note": note}
    answer: dict[str, Any] = await backend.post(
        "allocation", f"/rebalancing-plans/{plan_id}/apply", body, headers={"Idempotency-Key": key}
    )
    return answer


async def reject_plan(backend: Backend, plan_id: str, note: str, key: str) -> dict[str, Any]:
    answer: dict[str, Any] = await backend.post(
        "allocation", f"/rebalancing-plans/{plan_id}/reject", {"note": note}, headers={"Idempotency-Key": key}
    )
    return answer
