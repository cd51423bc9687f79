"""Services as separate OS processes, started and stopped by the benchmark, and fresh databases for each run."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx

from bench.cpu import cpu_seconds
from shared.auth.tokens import mint_development_token
from shared.settings import PlatformSettings

REPO = Path(__file__).resolve().parent.parent
LOGS = REPO / ".run" / "bench"
# This machine sets PYTHONDONTWRITEBYTECODE=1 and its venv holds no bytecode, so every process would compile every
# module it imports on each start. Child processes keep their bytecode here instead (outside the source tree).
BYTECODE = LOGS / "pycache"
SIGNING_KEY = "continuum-bench-signing-key-not-for-production"


@dataclass(frozen=True)
class Infra:
    kafka: str  # bootstrap servers
    pg_port: int

    def dsn(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.pg_port}/{database}"

    def sqlalchemy_url(self, database: str) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.pg_port}/{database}"

    def environment(self) -> dict[str, str]:
        return {
            "CONTINUUM_ENVIRONMENT": "test",
            "CONTINUUM_AUTH_SIGNING_KEY": SIGNING_KEY,
            "CONTINUUM_KAFKA_BOOTSTRAP_SERVERS": self.kafka,
            "CONTINUUM_LOG_LEVEL": "WARNING",
        }

    def token(self, role: str = "head_of_service") -> str:
        settings = PlatformSettings(environment="test", auth_signing_key=SIGNING_KEY)
        return mint_development_token(settings, subject=f"bench-{role}", roles=[role])

    async def fresh_database(self, name: str) -> str:
        """Drops and creates the database; returns its SQLAlchemy URL."""
        connection = await asyncpg.connect(self.dsn("postgres"))
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        return self.sqlalchemy_url(name)


@dataclass
class Process:
    """A child process with its output in .run/bench/<name>.log; stop() ends it (and only it)."""

    name: str
    argv: list[str]
    environment: dict[str, str] = field(default_factory=dict)
    port: int | None = None
    popen: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    exit_cpu: float | None = None

    def start(self) -> Process:
        LOGS.mkdir(parents=True, exist_ok=True)
        self.output.unlink(missing_ok=True)
        self.exit_cpu = None
        with (LOGS / f"{self.name}.log").open("ab") as log, self.output.open("wb") as out:
            self.started_at = time.perf_counter()
            environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(BYTECODE)}
            self.popen = subprocess.Popen(
                self.argv, cwd=REPO, env={**environment, **self.environment}, stdout=out, stderr=log
            )
        return self

    @property
    def output(self) -> Path:
        """What the process printed on stdout (its log lines on stderr go to .run/bench/<name>.log)."""
        return LOGS / f"{self.name}.out"

    async def finished(self, timeout: float) -> str:
        """Waits for the process to exit by itself; returns its stdout."""
        deadline = time.monotonic() + timeout
        while not self._reaped(os.WNOHANG):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} still running after {timeout:.0f}s")
            await asyncio.sleep(0.1)
        return self.output.read_text()

    def _reaped(self, options: int) -> bool:
        """Reaps the process with wait4, keeping its CPU time (gone from /proc once it has exited)."""
        assert self.popen is not None
        if self.popen.returncode is not None:
            return True
        try:
            pid, status, usage = os.wait4(self.popen.pid, options)
        except ChildProcessError:
            return self.popen.poll() is not None
        if pid == 0:
            return False
        self.exit_cpu = usage.ru_utime + usage.ru_stime
        self.popen.returncode = os.waitstatus_to_exitcode(status)
        return True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def ready(self, path: str = "/health/ready", timeout: float = 120.0, interval: float = 0.02) -> float:
        """Waits for a 200 from path; returns the seconds since start."""
        assert self.popen is not None
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.popen.poll() is not None:
                    raise RuntimeError(f"{self.name} exited with {self.popen.returncode}; see {LOGS / self.name}.log")
                try:
                    if (await client.get(self.url + path)).status_code == 200:
                        return time.perf_counter() - self.started_at
                except httpx.TransportError:
                    pass
                await asyncio.sleep(interval)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f}s; see {LOGS / self.name}.log")

    def rss_bytes(self) -> int:
        assert self.popen is not None
        for line in Path(f"/proc/{self.popen.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def cpu_seconds(self) -> float:
        """User + system CPU so far (or in all, once it has exited and been reaped)."""
        if self.exit_cpu is not None or self.popen is None:
            return self.exit_cpu or 0.0
        return cpu_seconds(self.popen.pid)

    def stop(self, timeout: float = 20.0) -> None:
        if self.popen is None or self._reaped(os.WNOHANG):
            return
        self.popen.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while not self._reaped(os.WNOHANG):
            if time.monotonic() > deadline:
                self.popen.kill()
                self._reaped(0)
                return
            time.sleep(0.05)


def service(infra: Infra, name: str, port: int, database_url: str, **extra: str) -> Process:
    """One Continuum service in distributed mode: `python -m shared.runtime standalone ...`."""
    environment = {**infra.environment(), f"CONTINUUM_{name.upper()}_DATABASE_URL": database_url, **extra}
    argv = [
        sys.executable,
        "-m",
        "shared.runtime",
        "standalone",
        f"services.{name}.service:service",
        "--port",
        str(port),
    ]
    return Process(name, argv, environment, port)


def bare(port: int, name: str = "bare-app", **environment: str) -> Process:
    """bench/bare_app.py under uvicorn, as the services run (uvloop, httptools, no access log)."""
    argv = [sys.executable, "-m", "uvicorn", "bench.bare_app:app", "--port", str(port), "--log-level", "warning"]
    return Process(name, [*argv, "--no-access-log"], environment, port)


def python(name: str, module: str, *arguments: str, port: int | None = None, **environment: str) -> Process:
    return Process(name, [sys.executable, "-m", module, *arguments], environment, port)


class Processes:
    """Everything started, so that everything is stopped whatever happens."""

    def __init__(self) -> None:
        self.running: list[Process] = []

    def start(self, process: Process) -> Process:
        self.running.append(process.start())
        return process

    def stop(self, process: Process) -> None:
        process.stop()
        if process in self.running:
            self.running.remove(process)

    def stop_all(self) -> None:
        for process in reversed(self.running):
            process.stop()
        self.running.clear()
