"""Benchmark 2: from a transfer's 2xx response (allocation process) to the KPI's freshness counting its event.

Transfers go out open-loop at a steady rate, each on a different case; a poller samples /kpi/v1/freshness.
The n-th transfer answered is taken as reflected when events_applied first reaches the settled count + n (each
transfer publishes exactly one CaseTransferred). Baseline: a bare pipeline at the same rate — aiokafka
producer (acks=all) → bare consumer process → one INSERT and COMMIT per batch — from the produce
acknowledgement to that commit.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from bisect import bisect_left
from datetime import date

import httpx
from aiokafka import AIOKafkaProducer

from bench.council import API, hire, open_cases
from bench.freshness_trace import stages
from bench.ingest import kpi_applied
from bench.load import percentile
from bench.processes import python
from bench.report import Outcome, Row
from bench.rig import Rig, cpu_note
from bench.topics import reset_topics

ALLOCATION_PORT, KPI_PORT = 1, 2
PIPELINE_TOPIC = "bench.pipeline"
CASES = 200
POLL_INTERVAL = 0.025
TARGET_P99 = 1.0


async def settle(client: httpx.AsyncClient, url: str, token: str, quiet: float = 1.5) -> int:
    """Waits until the KPI's applied count stops moving; returns it."""
    last, since = -1, time.monotonic()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        applied, _ = await kpi_applied(client, url, token)
        if applied != last:
            last, since = applied, time.monotonic()
        elif time.monotonic() - since > quiet:
            return applied
        await asyncio.sleep(0.1)
    raise RuntimeError("the KPI never settled after the council was set up")


async def transfers_to_kpi(rig: Rig, outcome: Outcome) -> list[float]:
    settings = rig.settings
    allocation = await rig.start_service("allocation", ALLOCATION_PORT, "bench_allocation")
    kpi = await rig.start_service("kpi", KPI_PORT, "bench_kpi")
    staff = await hire(allocation.url, rig.token, pods=2, workers_per_pod=6)
    cases = await open_cases(allocation.url, rig.token, CASES, staff=staff)
    headers = {"Authorization": f"Bearer {rig.token}"}
    today = date.today().isoformat()
    answered: list[float] = []
    responded: dict[str, float] = {}  # new allocation id → wall clock, to trace each transfer's stages
    failures: list[str] = []
    samples: list[tuple[int, float]] = []
    async with httpx.AsyncClient(timeout=30.0, headers=headers) as client:
        base = await settle(client, kpi.url, rig.token)
        stop_polling = asyncio.Event()

        async def poll() -> None:
            while not stop_polling.is_set():
                asked = time.perf_counter()  # the endpoint reads the count first thing: date the sample when asked
                applied, _ = await kpi_applied(client, kpi.url, rig.token)
                samples.append((applied, asked))
                await asyncio.sleep(POLL_INTERVAL)

        async def transfer(n: int) -> None:
            case = cases[n % len(cases)]
            assert case.pod is not None
            assert case.worker is not None
            to_worker = staff.colleague_of(case.pod, case.worker)
            body = {"to_worker_id": to_worker, "reason": "MANAGE", "effective_date": today}
            answer = await client.post(f"{allocation.url}{API}/cases/{case.id}/transfers", json=body)
            if answer.status_code == 201:
                answered.append(time.perf_counter())
                responded[answer.json()["allocation"]["id"]] = time.time()
                case.worker = to_worker
            else:
                failures.append(f"{answer.status_code} {answer.text[:200]}")

        meter = rig.meter(allocation=allocation, kpi=kpi)
        poller = asyncio.create_task(poll())
        total = int(settings.freshness_rate * settings.freshness_seconds)
        began = time.perf_counter()
        writes = []
        for n in range(total):
            await asyncio.sleep(max(0.0, began + n / settings.freshness_rate - time.perf_counter()))
            writes.append(asyncio.create_task(transfer(n)))
        await asyncio.gather(*writes)
        for _ in range(600):  # up to 30 s for the last transfers to reach the KPI
            if samples and samples[-1][0] >= base + len(answered):
                break
            await asyncio.sleep(0.05)
        stop_polling.set()
        await poller
        cpu = meter.stop()
    spacing = (samples[-1][1] - samples[0][1]) / max(1, len(samples) - 1) * 1000
    outcome.notes.append(
        f"Freshness: {len(answered)} transfers answered 201 at {settings.freshness_rate:g}/s for "
        f"{settings.freshness_seconds:g}s over {CASES} cases ({len(failures)} failed"
        + (f", e.g. {failures[0]}" if failures else "")
        + f"); /kpi/v1/freshness sampled every ~{spacing:.0f} ms (the resolution of these figures; each sample is "
        "dated when it was asked for, as the endpoint reads the count first)."
    )
    outcome.notes.append(cpu_note("the transfers → KPI run", cpu))
    counts = [count for count, _ in samples]
    delays = []
    for n, answered_at in enumerate(sorted(answered), 1):
        index = bisect_left(counts, base + n)
        if index < len(samples):
            delays.append(max(0.0, samples[index][1] - answered_at))
    if len(delays) < len(answered):
        outcome.notes.append(f"Freshness: {len(answered) - len(delays)} transfers never showed up in the KPI in time.")
        delays += [float("inf")] * (len(answered) - len(delays))
    rig.processes.stop_all()
    outcome.notes.append(await stages(rig.infra.dsn("bench_allocation"), rig.infra.dsn("bench_kpi"), responded))
    return delays


async def bare_pipeline(rig: Rig) -> list[float]:
    settings = rig.settings
    url = await rig.infra.fresh_database("bench_bare")
    consumer = python(
        "bare-pipeline",
        "bench.bare_consumer",
        "--bootstrap",
        rig.infra.kafka,
        "--dsn",
        url.replace("+asyncpg", ""),
        "--topics",
        PIPELINE_TOPIC,
        "--follow",
    )
    rig.processes.start(consumer)
    producer = AIOKafkaProducer(
        bootstrap_servers=rig.infra.kafka, acks="all", enable_idempotence=True, linger_ms=2, client_id="bench-pipeline"
    )
    await producer.start()
    acknowledged: dict[str, float] = {}
    try:
        await asyncio.sleep(3.0)  # the consumer joins its group
        began = time.perf_counter()
        for n in range(int(settings.freshness_rate * settings.freshness_seconds)):
            await asyncio.sleep(max(0.0, began + n / settings.freshness_rate - time.perf_counter()))
            event_id = str(uuid.uuid4())
            headers = [("ce_id", event_id.encode()), ("ce_type", b"bench.Pipeline.v1")]
            await producer.send_and_wait(PIPELINE_TOPIC, json.dumps({"n": n}).encode(), key=b"k", headers=headers)
            acknowledged[event_id] = time.time()
        await asyncio.sleep(2.0)
    finally:
        await producer.stop()
        rig.processes.stop(consumer)
    committed = json.loads(consumer.output.read_text().strip().splitlines()[-1])["committed"]
    return [max(0.0, committed[i] - at) if i in committed else float("inf") for i, at in acknowledged.items()]


async def run(rig: Rig) -> Outcome:
    outcome = Outcome()
    await reset_topics(rig.infra.kafka, extra=[PIPELINE_TOPIC])
    delays = await transfers_to_kpi(rig, outcome)
    baseline = await bare_pipeline(rig)
    p50, p99 = percentile(delays, 50), percentile(delays, 99)
    b50, b99 = percentile(baseline, 50), percentile(baseline, 99)
    outcome.rows += [
        Row("2 freshness", "transfer 2xx → KPI, p50", f"{p50 * 1000:,.0f} ms", f"{b50 * 1000:,.0f} ms"),
        Row(
            "2 freshness",
            "transfer 2xx → KPI, p99",
            f"{p99 * 1000:,.0f} ms",
            f"{b99 * 1000:,.0f} ms",
            target="≤ 1,000 ms",
            met=p99 <= TARGET_P99,
        ),
    ]
    outcome.notes.append(
        f"Freshness baseline: {len(baseline)} bare events at the same rate, produce ack → bare consumer's commit "
        f"(p50 {b50 * 1000:.0f} ms, max {max(baseline) * 1000:.0f} ms)."
    )
    return outcome
