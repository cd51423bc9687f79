"""What the services' benchmarks measure beside their own figures, in the same run: the allocation transfer
endpoint's throughput (bench/api.py's load, on a council of its own), and sequential read latencies."""

from __future__ import annotations

import statistics
import time

import httpx

from bench.api import CASES_PER_CONNECTION, WARM_UP_SECONDS, transfers
from bench.council import hire, open_cases
from bench.load import LoadResult, closed_loop
from bench.processes import Process
from bench.rig import Rig


async def transfer_rate(rig: Rig, allocation: Process) -> LoadResult:
    """POST transfer req/s at the benchmark's concurrency on its own pods and cases, after a warm-up."""
    concurrency, seconds = rig.settings.api_concurrency, rig.settings.api_seconds
    staff = await hire(allocation.url, rig.token, pods=2, workers_per_pod=8)
    cases = await open_cases(allocation.url, rig.token, concurrency * CASES_PER_CONNECTION, staff=staff)
    await closed_loop(allocation.url, rig.token, concurrency, WARM_UP_SECONDS, transfers(cases, staff, concurrency))
    return await closed_loop(allocation.url, rig.token, concurrency, seconds, transfers(cases, staff, concurrency))


async def read_latencies(
    url: str, token: str, path: str, params: list[dict[str, str]], *, requests: int, warm_up: int = 5
) -> list[float]:
    """Milliseconds to the full answer of GET path, one request after another, cycling through params."""
    times: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, timeout=60.0, headers=headers) as client:
        for n in range(warm_up + requests):
            started = time.perf_counter()
            response = await client.get(path, params=params[n % len(params)])
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(
                    f"GET {path} {params[n % len(params)]}: {response.status_code} {response.text[:300]}"
                )
            if n >= warm_up:
                times.append(elapsed)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def p50(times: list[float]) -> float:
    return statistics.median(times)
