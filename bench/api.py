"""Benchmark 3: requests/s and p99 of allocation's write endpoints at a fixed concurrency, beside a bare app.

Closed loop, one keep-alive connection per concurrent client, a head of service's token. Each connection
transfers only its own cases (no two requests race for one case) and allocates only its own fresh cases. The
baseline is bench/bare_app.py — FastAPI, one POST, one INSERT through an asyncpg pool — under the same load.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from bench.council import API, FIRST_REFERRAL, OpenCase, Staff, hire, open_cases
from bench.load import LoadResult, NextRequest, Request, closed_loop
from bench.processes import Process
from bench.processes import bare as bare_process
from bench.report import Outcome, Row
from bench.rig import Rig, cpu_note
from bench.topics import reset_topics

ALLOCATION_PORT, BARE_PORT = 1, 3
CASES_PER_CONNECTION = 32
WARM_UP_SECONDS = 2.0
TARGET_RATIO = 0.5


def transfers(cases: list[OpenCase], staff: Staff, concurrency: int) -> NextRequest:
    # Each transfer of a case a day after the one before it (a worker holds a case at least a day), starting after
    # every case's first allocation: the cases were referred within the year after FIRST_REFERRAL.
    first = FIRST_REFERRAL + timedelta(days=366)

    def next_request(connection: int, n: int) -> Request:
        owned = cases[connection::concurrency]
        case = owned[n % len(owned)]
        assert case.pod is not None
        assert case.worker is not None
        case.worker = staff.colleague_of(case.pod, case.worker)
        case.transfers += 1
        effective = first + timedelta(days=case.transfers)
        body = {"to_worker_id": case.worker, "reason": "MANAGE", "effective_date": effective.isoformat()}
        return "POST", f"{API}/cases/{case.id}/transfers", body

    return next_request


def allocations(cases: list[OpenCase], staff: Staff, concurrency: int) -> NextRequest:
    today = date.today().isoformat()
    members = [(pod, worker) for pod, workers in staff.workers_by_pod.items() for worker in workers]

    def next_request(connection: int, n: int) -> Request | None:
        owned = cases[connection::concurrency]
        if n >= len(owned):
            return None
        pod, worker = members[(connection + n) % len(members)]
        body = {"pod_id": pod, "worker_id": worker, "start_date": today}
        return "POST", f"{API}/cases/{owned[n].id}/allocations", body

    return next_request


def bare_rows(concurrency: int) -> NextRequest:
    cases = [f"00000000-0000-4000-8000-{n:012d}" for n in range(concurrency)]
    body = {"to_worker_id": "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "reason": "MANAGE", "effective_date": "2024-03-01"}

    def next_request(connection: int, n: int) -> Request:
        return "POST", f"/cases/{cases[connection]}/rows", body

    return next_request


def rows_for(name: str, measured: LoadResult, bare: LoadResult, concurrency: int) -> list[Row]:
    ratio = measured.rate / bare.rate if bare.rate else 0.0
    return [
        Row(
            "3 API",
            f"POST {name} req/s (c={concurrency})",
            f"{measured.rate:,.0f}",
            f"{bare.rate:,.0f}",
            f"{ratio:.2f}x",
            f"≥ {TARGET_RATIO}x baseline",
            ratio >= TARGET_RATIO,
        ),
        Row(
            "3 API",
            f"POST {name} p99",
            f"{measured.percentile(99) * 1000:,.0f} ms",
            f"{bare.percentile(99) * 1000:,.0f} ms",
            f"{measured.percentile(99) / bare.percentile(99):.1f}x" if bare.latencies else "—",
        ),
    ]


def describe(name: str, result: LoadResult, cpu: dict[str, float], server: str) -> str:
    errors = f", {result.errors} non-2xx (e.g. {result.sample_errors[0]})" if result.errors else ""
    per_request = cpu.get(server, 0.0) / max(1, result.ok + result.errors) * 1000
    return (
        f"API {name}: {result.ok:,} requests 2xx in {result.elapsed:.1f}s, p50 {result.percentile(50) * 1000:.0f} ms, "
        f"p99 {result.percentile(99) * 1000:.0f} ms{errors}; the {server} process spent {per_request:.1f} ms of CPU "
        f"per request. {cpu_note(f'POST {name}', cpu)}"
    )


async def measure(
    rig: Rig, process: Process, token: str | None, next_request: NextRequest
) -> tuple[LoadResult, dict[str, float]]:
    meter = rig.meter(**{process.name: process})
    result = await closed_loop(process.url, token, rig.settings.api_concurrency, rig.settings.api_seconds, next_request)
    return result, meter.stop()


async def run(rig: Rig) -> Outcome:
    settings, outcome = rig.settings, Outcome()
    concurrency, seconds = settings.api_concurrency, settings.api_seconds
    await reset_topics(rig.infra.kafka)
    allocation = await rig.start_service("allocation", ALLOCATION_PORT, "bench_allocation")
    staff = await hire(allocation.url, rig.token, pods=2, workers_per_pod=8)
    cases = await open_cases(allocation.url, rig.token, concurrency * CASES_PER_CONNECTION, staff=staff)
    await closed_loop(allocation.url, rig.token, concurrency, WARM_UP_SECONDS, transfers(cases, staff, concurrency))
    transferred, transfer_cpu = await measure(rig, allocation, rig.token, transfers(cases, staff, concurrency))
    fresh = await open_cases(allocation.url, rig.token, max(200, math.ceil(transferred.rate * seconds * 1.5)))
    allocated, allocate_cpu = await measure(rig, allocation, rig.token, allocations(fresh, staff, concurrency))
    rig.processes.stop(allocation)

    url = await rig.infra.fresh_database("bench_bare")
    bare_app = rig.processes.start(bare_process(rig.port(BARE_PORT), BENCH_BARE_DSN=url.replace("+asyncpg", "")))
    await bare_app.ready()
    await closed_loop(bare_app.url, None, concurrency, WARM_UP_SECONDS, bare_rows(concurrency))
    bare, bare_cpu = await measure(rig, bare_app, None, bare_rows(concurrency))
    rig.processes.stop(bare_app)

    outcome.rows += rows_for("transfer", transferred, bare, concurrency)
    outcome.rows += rows_for("allocate", allocated, bare, concurrency)
    outcome.notes += [
        describe("transfer", transferred, transfer_cpu, allocation.name),
        describe("allocate", allocated, allocate_cpu, allocation.name),
        describe("bare insert", bare, bare_cpu, bare_app.name),
    ]
    return outcome
