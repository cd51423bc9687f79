"""`make bench`: runs the benchmarks in distributed mode and prints one table (bench/run.sh starts Kafka and
PostgreSQL first). Settings come from the environment: BENCH_SCALE=small|regional|national, BENCH_ONLY=..., see
bench/rig.py."""

from __future__ import annotations

import asyncio
import os
import time
import traceback
from collections.abc import Awaitable, Callable

from rich.console import Console

from bench import api, embedded, freshness, ingest, my_work, portal, records, scale, supervision
from bench.processes import Infra
from bench.report import Outcome, Row, machine, now, show, write
from bench.rig import BenchSettings, Rig

BENCHMARKS: dict[str, Callable[[Rig], Awaitable[Outcome]]] = {
    "ingest": ingest.run,
    "freshness": freshness.run,
    "api": api.run,
    "scale": scale.run,
    "embedded": embedded.run,
    "portal": portal.run,
    "records": records.run,
    "supervision": supervision.run,
    "my_work": my_work.run,
}


async def bench(console: Console) -> int:
    settings = BenchSettings.from_environment()
    infra = Infra(
        kafka=f"127.0.0.1:{os.environ.get('KAFKA_PORT', '29192')}", pg_port=int(os.environ.get("PG_PORT", "25532"))
    )
    rig = Rig(settings, infra)
    await rig.locate_infrastructure()
    started, began = now(), time.perf_counter()
    about = {**machine(), "scale": f"{settings.scale} ({settings.children:,} children, {settings.events:,} events)"}
    rows: list[Row] = []
    notes: list[str] = []
    failed = 0
    try:
        for name in settings.only:
            console.rule(f"[bold]{name}")
            step = time.perf_counter()
            try:
                outcome = await BENCHMARKS[name](rig)
            except Exception as failure:  # noqa: BLE001 - one broken benchmark must not hide the others
                failed += 1
                console.print(traceback.format_exc())
                outcome = Outcome([Row(name, "failed", type(failure).__name__, met=False)], [f"{name}: {failure}"])
            finally:
                rig.processes.stop_all()
            show(outcome.rows, [], f"{name} ({time.perf_counter() - step:.0f}s)", console)
            rows += outcome.rows
            notes += outcome.notes
    finally:
        rig.processes.stop_all()
    seconds = time.perf_counter() - began
    title = f"Continuum benchmarks — {started:%Y-%m-%d} — scale {settings.scale} — {seconds / 60:.1f} min"
    console.rule()
    show(rows, notes, title, console)
    name = settings.scale + ("" if set(settings.only) == set(BENCHMARKS) else "-" + "-".join(settings.only))
    path = write(rows, about, notes, started, seconds, name)
    console.print(f"\nResults written to {path}")
    return 1 if failed else 0


def main() -> None:
    console = Console(width=int(os.environ.get("BENCH_WIDTH", "160")))
    raise SystemExit(asyncio.run(bench(console)))


if __name__ == "__main__":
    main()
