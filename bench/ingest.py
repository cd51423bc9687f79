"""Benchmark 1: events/s applied by the KPI consumer (inbox on), beside a bare consumer copying the same events.

Both read the same backlog of synthetic allocation events from the same topics, 500 events a batch, one
transaction a batch, offsets committed after it. Rate = events after the first batch ÷ time from the first
batch to the last, so neither start-up nor the consumer-group join is counted.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from dataclasses import dataclass

import httpx

from bench.history import first_events
from bench.processes import python
from bench.report import Outcome, Row
from bench.rig import Rig, cpu_note
from bench.topics import produce, reset_topics
from services.kpi.handlers import subscriptions

KPI_PORT = 2
TARGET_RATE = 10_000
TARGET_RATIO = 0.5


@dataclass(frozen=True)
class Throughput:
    events: int
    seconds: float
    cpu: dict[str, float]
    complete: bool = True

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


async def kpi_applied(client: httpx.AsyncClient, url: str, token: str) -> tuple[int, int]:
    """(events applied, events dead-lettered) as the KPI's /kpi/v1/freshness reports them."""
    answer = await client.get(f"{url}/kpi/v1/freshness", headers={"Authorization": f"Bearer {token}"})
    answer.raise_for_status()
    figure = answer.json()["figure"]
    return int(figure["events_applied"]), int(figure["dead_lettered"] or 0)


async def watch_kpi(
    url: str, token: str, count: int, *, cap: float = 0.0, interval: float = 0.1, stall: float = 120.0
) -> Throughput:
    """Polls freshness until count events are applied (or dead-lettered), or cap seconds have passed since the
    first batch (0: no cap); the rate is taken from the first batch seen."""
    first_at, first_count = 0.0, 0
    last_progress, last_count = time.monotonic(), -1
    async with httpx.AsyncClient(timeout=30.0) as client:
        while True:
            applied, dead = await kpi_applied(client, url, token)
            now = time.perf_counter()
            if applied and not first_at:
                first_at, first_count = now, applied
            if applied + dead >= count or (cap and first_at and now - first_at >= cap):
                complete = applied + dead >= count
                return Throughput(applied + dead - first_count, now - first_at, {"dead_lettered": dead}, complete)
            if applied != last_count:
                last_progress, last_count = time.monotonic(), applied
            elif time.monotonic() - last_progress > stall:
                raise RuntimeError(f"the KPI consumer stalled at {applied} of {count} events for {stall:.0f}s")
            await asyncio.sleep(interval)


async def bare_copy(rig: Rig, count: int, name: str = "bare-consumer") -> Throughput:
    """Runs the bare consumer as its own process over the topics' backlog of `count` events."""
    url = await rig.infra.fresh_database("bench_bare")
    process = python(
        name,
        "bench.bare_consumer",
        "--bootstrap",
        rig.infra.kafka,
        "--dsn",
        url.replace("+asyncpg", ""),
        "--topics",
        ",".join(subscriptions.topics),
        "--count",
        str(count),
    )
    rig.processes.start(process)
    meter = rig.meter(bare_consumer=process)
    try:
        printed = await process.finished(timeout=max(600.0, count / 200))
    finally:
        rig.processes.stop(process)
    cpu = meter.stop()
    report = json.loads(printed.strip().splitlines()[-1])
    return Throughput(report["events"] - report["first_batch"], report["seconds"], cpu)


async def kpi_ingest(rig: Rig, count: int) -> Throughput:
    kpi = await rig.start_service("kpi", KPI_PORT, "bench_kpi")
    meter = rig.meter(kpi=kpi)
    try:
        result = await watch_kpi(kpi.url, rig.token, count, cap=float(os.environ.get("BENCH_INGEST_SECONDS", 180)))
    finally:
        cpu = meter.stop()
        rig.processes.stop(kpi)
    return Throughput(result.events, result.seconds, {**cpu, **result.cpu}, result.complete)


async def run(rig: Rig) -> Outcome:
    count = rig.settings.ingest_events
    outcome = Outcome()
    await reset_topics(rig.infra.kafka)
    started = time.perf_counter()
    produced = await produce(rig.infra.kafka, first_events(count))
    outcome.notes.append(
        f"Ingest: {produced:,} synthetic allocation events (pods, workers, then children's stories: registered, "
        f"case opened, statuses, allocated, transferred, ended, closed) produced as CloudEvents in "
        f"{time.perf_counter() - started:.1f}s, before either consumer started."
    )
    bare = await bare_copy(rig, count)
    kpi = await kpi_ingest(rig, count)
    ratio = kpi.rate / bare.rate if bare.rate else 0.0
    dead = int(kpi.cpu.pop("dead_lettered", 0))
    outcome.rows += [
        Row(
            "1 ingest",
            f"KPI consumer events/s ({count / 1000:,.0f}k events"
            + (")" if kpi.complete else f", stopped at {kpi.seconds:.0f} s)"),
            f"{kpi.rate:,.0f}",
            f"{bare.rate:,.0f}",
            f"{ratio:.2f}x",
            f"≥ {TARGET_RATE:,}/s",
            kpi.rate >= TARGET_RATE,
        ),
        Row("1 ingest", "KPI ÷ bare consumer", f"{ratio:.2f}", target=f"≥ {TARGET_RATIO}", met=ratio >= TARGET_RATIO),
    ]
    outcome.notes.append(
        f"Ingest: KPI applied {kpi.events:,} events in {kpi.seconds:.1f}s ({dead} dead-lettered"
        + ("" if kpi.complete else f"; stopped after BENCH_INGEST_SECONDS, before all {count:,}")
        + "); the bare consumer "
        f"(aiokafka getmany 500 → asyncpg copy_records_to_table, one table with a primary key) copied "
        f"{bare.events:,} in {bare.seconds:.1f}s."
    )
    outcome.notes.append(cpu_note("the KPI ingest", kpi.cpu))
    outcome.notes.append(cpu_note("the bare copy", bare.cpu))
    return outcome
