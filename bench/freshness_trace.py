"""Where a transfer's freshness delay goes, from the rows the platform keeps: allocation's outbox (staged,
published) and the KPI's inbox (applied), joined on the CloudEvents id, and the 2xx response joined on the new
allocation's id."""

from __future__ import annotations

import json
from datetime import datetime

import asyncpg

from bench.load import percentile

TRANSFERRED = "%CaseTransferred%"


async def stages(allocation_dsn: str, kpi_dsn: str, answered_at: dict[str, float]) -> str:
    """answered_at: the new allocation id → wall-clock time of the 2xx response."""
    allocation = await asyncpg.connect(allocation_dsn)
    try:
        outbox = await allocation.fetch(
            "SELECT event_id, created_at, published_at, payload FROM outbox WHERE event_type LIKE $1", TRANSFERRED
        )
    finally:
        await allocation.close()
    kpi = await asyncpg.connect(kpi_dsn)
    try:
        inbox = await kpi.fetch("SELECT event_id, applied_at FROM inbox WHERE event_type LIKE $1", TRANSFERRED)
    finally:
        await kpi.close()
    applied = {row["event_id"]: row["applied_at"] for row in inbox}
    relay, transport, response_to_applied = [], [], []
    for row in outbox:
        if row["published_at"] is None or row["event_id"] not in applied:
            continue
        relay.append(_seconds(row["created_at"], row["published_at"]))
        transport.append(_seconds(row["published_at"], applied[row["event_id"]]))
        successor = json.loads(row["payload"])["to_allocation_id"]
        if successor in answered_at:
            response_to_applied.append(applied[row["event_id"]].timestamp() - answered_at[successor])

    def spread(values: list[float]) -> str:
        return f"p50 {percentile(values, 50) * 1000:,.0f} / p99 {percentile(values, 99) * 1000:,.0f} ms"

    return (
        f"Freshness, stage by stage over {len(relay)} transfers: staged in the outbox → published by the relay "
        f"{spread(relay)}; published → applied in the KPI's batch transaction {spread(transport)}; "
        f"2xx response → applied {spread(response_to_applied)} (the rest is the KPI's commit and the polling)."
    )


def _seconds(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds()
