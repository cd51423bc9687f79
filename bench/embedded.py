"""Benchmark 5: the embedded platform (`make run`): start to /health/ready 200, and resident memory once ready.

`python -m services run --port P --data-dir <empty temporary dir>`: once with no bytecode cache at all (a fresh
checkout), then three times with it (the median kept), then a restart on the last run's data (migrations
already applied). Baseline: bench/bare_app.py without a database under uvicorn, measured the same way — the
floor of a FastAPI process on this machine.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench.processes import Process, bare
from bench.report import Outcome, Row
from bench.rig import Rig

PORT = 4
RUNS = 3


async def start_and_measure(rig: Rig, process: Process) -> tuple[float, float]:
    """(seconds from process start to ready, RSS in MiB once ready)."""
    rig.processes.start(process)
    try:
        seconds = await process.ready(timeout=180.0, interval=0.01)
        return seconds, process.rss_bytes() / 2**20
    finally:
        rig.processes.stop(process)


def embedded(port: int, data_dir: Path, n: int, **environment: str) -> Process:
    argv = [sys.executable, "-m", "services", "run", "--port", str(port), "--data-dir", str(data_dir)]
    return Process(f"embedded-{n}", argv, {"CONTINUUM_LOG_LEVEL": "WARNING", **environment}, port)


async def run(rig: Rig) -> Outcome:
    outcome = Outcome()
    port = rig.port(PORT)
    cold: list[tuple[float, float]] = []
    scratch = [Path(tempfile.mkdtemp(prefix="continuum-bench-embedded-")) for _ in range(RUNS + 3)]
    no_bytecode, empty_cache, warm_up, *data_dirs = scratch
    try:
        first = await start_and_measure(rig, embedded(port, no_bytecode, 0, PYTHONPYCACHEPREFIX=str(empty_cache)))
        await start_and_measure(rig, embedded(port, warm_up, 1))  # fills the bytecode cache the others share
        for n, data_dir in enumerate(data_dirs, 2):
            cold.append(await start_and_measure(rig, embedded(port, data_dir, n)))
        restart = await start_and_measure(rig, embedded(port, data_dirs[-1], RUNS + 2))
    finally:
        for directory in scratch:
            shutil.rmtree(directory, ignore_errors=True)
    floor = [await start_and_measure(rig, bare(port, name=f"bare-hello-{n}")) for n in range(RUNS)]
    start, memory = statistics.median(s for s, _ in cold), statistics.median(m for _, m in cold)
    bare_start, bare_memory = statistics.median(s for s, _ in floor), statistics.median(m for _, m in floor)
    outcome.rows += [
        Row("5 embedded", "first start → ready (no bytecode yet)", f"{first[0]:.2f} s"),
        Row("5 embedded", "cold start → ready (empty data dir)", f"{start:.2f} s", f"{bare_start:.2f} s"),
        Row("5 embedded", "restart → ready (existing data)", f"{restart[0]:.2f} s", f"{bare_start:.2f} s"),
        Row("5 embedded", "RSS once ready", f"{memory:,.0f} MiB", f"{bare_memory:,.0f} MiB"),
    ]
    outcome.notes.append(
        f"Embedded: cold starts {', '.join(f'{s:.2f}' for s, _ in cold)} s (median kept), RSS "
        f"{', '.join(f'{m:.0f}' for _, m in cold)} MiB; baseline: a FastAPI app with no database under uvicorn."
    )
    return outcome
