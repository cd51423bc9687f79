"""The benchmark's settings (from the environment) and its rig: infrastructure, processes, ports, CPU meters."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import asyncpg

from bench.cpu import CpuMeter, cpu_seconds, parent_of
from bench.processes import REPO, Infra, Process, Processes, service

SCALES = {  # children, events of the synthetic history replayed by benchmark 4
    "small": (4_000, 50_000),
    "regional": (40_000, 500_000),
    "national": (400_000, 5_000_000),
}
BENCHMARKS = ("ingest", "freshness", "api", "scale", "embedded", "portal", "records", "supervision", "my_work")


def _number(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


@dataclass(frozen=True)
class BenchSettings:
    scale: str
    children: int
    events: int
    ingest_events: int
    freshness_rate: float
    freshness_seconds: float
    api_concurrency: int
    api_seconds: float
    only: tuple[str, ...]
    port_base: int

    @classmethod
    def from_environment(cls) -> BenchSettings:
        scale = os.environ.get("BENCH_SCALE", "regional")
        if scale not in SCALES:
            raise SystemExit(f"BENCH_SCALE must be one of {', '.join(SCALES)}, not {scale!r}")
        small = scale == "small"
        children, events = SCALES[scale]
        only = tuple(name for name in os.environ.get("BENCH_ONLY", ",".join(BENCHMARKS)).split(",") if name)
        if unknown := set(only) - set(BENCHMARKS):
            raise SystemExit(f"BENCH_ONLY names unknown benchmarks {sorted(unknown)}; known: {', '.join(BENCHMARKS)}")
        return cls(
            scale=scale,
            children=int(_number("BENCH_CHILDREN", children)),
            events=int(_number("BENCH_EVENTS", events)),
            ingest_events=int(_number("BENCH_INGEST_EVENTS", 20_000 if small else 200_000)),
            freshness_rate=_number("BENCH_FRESHNESS_RATE", 20),
            freshness_seconds=_number("BENCH_FRESHNESS_SECONDS", 10 if small else 30),
            api_concurrency=int(_number("BENCH_API_CONCURRENCY", 16)),
            api_seconds=_number("BENCH_API_SECONDS", 5 if small else 15),
            only=only,
            port_base=int(_number("BENCH_PORT_BASE", 28100)),
        )


class Rig:
    def __init__(self, settings: BenchSettings, infra: Infra) -> None:
        self.settings = settings
        self.infra = infra
        self.processes = Processes()
        self.token = infra.token("head_of_service")
        self.postmaster = 0
        self.kafka_pid = 0

    async def locate_infrastructure(self) -> None:
        """The PostgreSQL postmaster and the Kafka broker, so their CPU can be metered."""
        connection = await asyncpg.connect(self.infra.dsn("postgres"))
        try:
            self.postmaster = parent_of(await connection.fetchval("SELECT pg_backend_pid()"))
        finally:
            await connection.close()
        port = self.infra.kafka.rsplit(":", 1)[1]
        pid_file = Path(os.environ.get("KAFKA_DATA", REPO / ".run" / f"kafka-{port}")) / "kafka.pid"
        self.kafka_pid = int(pid_file.read_text().strip()) if pid_file.exists() else 0

    def port(self, offset: int) -> int:
        return self.settings.port_base + offset

    def meter(self, **processes: Process) -> CpuMeter:
        readers: dict[str, Callable[[], float]] = {name: process.cpu_seconds for name, process in processes.items()}
        readers["bench driver"] = partial(cpu_seconds, os.getpid())
        if self.kafka_pid:
            readers["kafka"] = partial(cpu_seconds, self.kafka_pid)
        meter = CpuMeter(readers, {"postgresql": self.postmaster} if self.postmaster else {})
        meter.start()
        return meter

    async def start_service(self, name: str, port_offset: int, database: str) -> Process:
        """The service in its own process, on a freshly created database; returns once it is ready."""
        url = await self.infra.fresh_database(database)
        process = self.processes.start(self.service_on(name, port_offset, url))
        await process.ready()
        return process

    def service_on(self, name: str, port_offset: int, database_url: str) -> Process:
        return service(self.infra, name, self.port(port_offset), database_url)


def cpu_note(what: str, used: dict[str, float]) -> str:
    """e.g. 'CPU during the KPI ingest (62 s wall x 2 cores = 124 core-s): kpi 58 s, postgresql 40 s, ...'."""
    cores = os.cpu_count() or 1
    used = dict(used)
    seconds = used.pop("wall", 0.0)
    total = used.pop("total (all processes)", 0.0)
    used["other processes on the machine"] = max(0.0, total - sum(used.values()))
    parts = ", ".join(f"{name} {value:.1f} s" for name, value in sorted(used.items(), key=lambda kv: -kv[1]))
    return f"CPU during {what} ({seconds:.0f} s wall x {cores} cores = {seconds * cores:.0f} core-s): {parts}"
