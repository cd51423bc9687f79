"""Benchmark 4: replaying a synthetic history into an empty KPI database, then the KPI endpoints' p95 on it.

The replay is the KPI's own (services.kpi.replay, in a process of its own), stopped after BENCH_REPLAY_SECONDS
(default 600, the target: past it the target is missed at any scale); its rate gives the national estimate.
Baseline: the bare consumer copying the same history. The topics are then emptied, so the KPI service
started on the rebuilt database serves a still read model: "cold" requests each ask a figure not asked
before (a live service's cache is emptied by every batch of events), "warm" ones repeat them (cache hits).
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx

from bench.history import council_for, history
from bench.ingest import bare_copy
from bench.live_reads import reads_while_events_flow
from bench.live_reads import settings as live_settings
from bench.load import percentile
from bench.processes import python
from bench.report import Outcome, Row
from bench.rig import SCALES, Rig, cpu_note
from bench.topics import produce, reset_topics
from shared.events.allocation import ChildRegistered
from shared.events.base import Event

KPI_PORT = 2
SEED = 2016
TARGET_REPLAY = 600.0
TARGET_P95 = 0.250
NATIONAL_EVENTS = SCALES["national"][1]


def continuity_queries(pods: list[str]) -> list[dict[str, str]]:
    queries = [{"measure": measure, "year": str(year)} for measure in ("dfe", "cco") for year in range(2017, 2026)]
    queries += [{"measure": "local", "to": f"{year}-03-31"} for year in range(2021, 2026)]
    queries += [{"measure": "local", "to": "2025-03-31", "cohort": cohort} for cohort in ("cin", "cp", "cla")]
    queries += [{"measure": "dfe", "year": "2024", "pod_id": pod} for pod in pods[:5]]
    return queries


def monitoring_queries() -> list[dict[str, str]]:
    queries = [{"from": f"{year - 1}-04", "to": f"{year}-03"} for year in range(2016, 2026)]
    queries += [{"from": f"{year - 2}-04", "to": f"{year}-03"} for year in range(2019, 2026, 2)]
    queries.append({"from": "2015-04", "to": "2025-09"})
    return queries


async def latencies(url: str, token: str, path: str, queries: list[dict[str, str]], budget: float) -> list[float]:
    """One request at a time; stops early when the time budget is spent."""
    took = []
    ends = time.monotonic() + budget
    async with httpx.AsyncClient(timeout=600.0, headers={"Authorization": f"Bearer {token}"}) as client:
        for query in queries:
            started = time.perf_counter()
            answer = await client.get(f"{url}{path}?{urlencode(query)}")
            took.append(time.perf_counter() - started)
            if answer.status_code != 200:
                raise RuntimeError(f"GET {path}?{urlencode(query)}: {answer.status_code} {answer.text[:300]}")
            if time.monotonic() > ends:
                break
    return took


def counted(events: Iterator[Event], tally: dict[str, int]) -> Iterator[Event]:
    for event in events:
        if isinstance(event, ChildRegistered):
            tally["children"] += 1
        yield event


async def run(rig: Rig) -> Outcome:
    settings, outcome = rig.settings, Outcome()
    cap = float(os.environ.get("BENCH_REPLAY_SECONDS", TARGET_REPLAY))
    await reset_topics(rig.infra.kafka)
    tally = {"children": 0}
    started = time.perf_counter()
    events = history(children=settings.children, min_events=settings.events, seed=SEED)
    produced = await produce(rig.infra.kafka, counted(events, tally))
    outcome.notes.append(
        f"Scale ({settings.scale}): a history of {tally['children']:,} children and {produced:,} events, produced "
        f"in {time.perf_counter() - started:.0f}s."
    )
    bare = await bare_copy(rig, produced, name="bare-consumer-history")

    url = await rig.infra.fresh_database("bench_kpi")
    environment = {**rig.infra.environment(), "CONTINUUM_KPI_DATABASE_URL": url}
    replaying = rig.processes.start(python("kpi-replay", "bench.replay_run", "--max-seconds", str(cap), **environment))
    meter = rig.meter(replay=replaying)
    report = json.loads((await replaying.finished(timeout=(cap or 36_000) + 600)).strip().splitlines()[-1])
    outcome.notes.append(cpu_note("the replay", meter.stop()))
    rate = report["events_applied"] / report["seconds"] if report["seconds"] else 0.0
    national = NATIONAL_EVENTS / rate if rate else float("inf")
    this_scale = (
        f"{report['seconds']:,.0f} s"
        if report["complete"]
        else f"> {cap:,.0f} s (stopped: {report['events_applied']:,} of {produced:,})"
    )
    bare_seconds = produced / bare.rate if bare.rate else float("nan")
    outcome.rows += [
        Row(
            "4 scale",
            f"replay {produced / 1e6:.2g}M events ({settings.scale})",
            this_scale,
            f"{bare_seconds:,.0f} s",
            f"{rate / bare.rate:.2f}x speed" if bare.rate else "—",
        ),
        Row(
            "4 scale",
            "replay 5M events (national, from its rate)",
            f"{national / 60:,.0f} min" if settings.scale != "national" or not report["complete"] else "",
            f"{NATIONAL_EVENTS / bare.rate / 60:,.1f} min" if bare.rate else "—",
            target="≤ 10 min",
            met=national <= TARGET_REPLAY,
        ),
    ]
    outcome.notes.append(
        f"Scale: the replay applied {report['events_applied']:,} events at {rate:,.0f} events/s "
        f"({'complete' if report['complete'] else 'stopped at the time limit'}); the bare consumer copied the same "
        f"history at {bare.rate:,.0f} events/s."
    )

    await reset_topics(rig.infra.kafka)  # nothing more to read: the read model stays as the replay left it
    kpi = rig.processes.start(rig.service_on("kpi", KPI_PORT, url))
    await kpi.ready()
    pods = [str(pod) for pod in council_for(random.Random(SEED), settings.children).pods]
    budget = float(os.environ.get("BENCH_LATENCY_SECONDS", 300))
    model_size = f"{report['events_applied'] / 1000:,.0f}k events" + ("" if report["complete"] else ", partial")
    for name, path, queries in [
        ("continuity", "/kpi/v1/continuity", continuity_queries(pods)),
        ("monthly-monitoring", "/kpi/v1/monthly-monitoring", monitoring_queries()),
    ]:
        cold = await latencies(kpi.url, rig.token, path, queries, budget / 4)
        warm = await latencies(kpi.url, rig.token, path, queries[: len(cold)], budget / 4)
        outcome.rows += [
            Row(
                "4 scale",
                f"GET {name} p95, cold (n={len(cold)}, {model_size})",
                f"{percentile(cold, 95) * 1000:,.0f} ms",
                target="≤ 250 ms",
                met=percentile(cold, 95) <= TARGET_P95,
            ),
            Row("4 scale", f"GET {name} p95, warm (cached)", f"{percentile(warm, 95) * 1000:,.0f} ms"),
        ]
        outcome.notes.append(
            f"Scale: {name} cold p50 {percentile(cold, 50) * 1000:,.0f} ms, max {max(cold) * 1000:,.0f} ms over "
            f"{len(cold)} distinct figures, one request at a time, on a read model of "
            f"{report['events_applied']:,} events."
        )
    await _while_events_flow(rig, kpi.url, pods, settings.children, outcome)
    rig.processes.stop(kpi)
    return outcome


async def _while_events_flow(rig: Rig, url: str, pods: list[str], children: int, outcome: Outcome) -> None:
    queries = [("continuity", "/kpi/v1/continuity", query) for query in continuity_queries(pods)]
    queries += [("monthly-monitoring", "/kpi/v1/monthly-monitoring", query) for query in monitoring_queries()]
    more = history(children=children, seed=SEED + 1)
    live = await reads_while_events_flow(url, rig.token, rig.infra.kafka, queries, more)
    readers, pause, rate, _ = live_settings()
    for name, took in live.latencies.items():
        p95 = percentile(took, 95)
        outcome.rows.append(
            Row(
                "4 scale",
                f"GET {name} p95 while {rate:,.0f} events/s flow ({readers} readers, n={len(took)})",
                f"{p95 * 1000:,.0f} ms",
                target="≤ 250 ms",
                met=p95 <= TARGET_P95,
            )
        )
    errors = f"; errors: {live.errors}" if live.errors else ""
    outcome.notes.append(
        f"Scale, reads while events flow: {readers} readers each pausing {pause:g}s between figures for "
        f"{live.seconds:.0f}s; {live.produced:,} events sent at {rate:,.0f}/s, the KPI service applied "
        f"{live.applied:,} in that time (events of another council's history, dated across ten years){errors}."
    )
