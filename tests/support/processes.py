"""Services in their own OS processes, as operators run them: `python -m shared.runtime standalone MODULE:ATTR`."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

REPOSITORY = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServiceProcess:
    def __init__(self, target: str, environment: dict[str, str], log_path: Path) -> None:
        self.target = target
        self.environment = environment
        self.log_path = log_path
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, **extra_environment: str) -> None:
        assert self.process is None or self.process.poll() is not None, f"{self.target} is already running"
        self.port = free_port()
        command = [sys.executable, "-m", "shared.runtime", "standalone", self.target, "--port", str(self.port)]
        with self.log_path.open("ab") as log:
            log.write(f"\n--- {' '.join(command)} {extra_environment}\n".encode())
            self.process = subprocess.Popen(
                command,
                cwd=REPOSITORY,
                env={**self.environment, **extra_environment},
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    async def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(base_url=self.url, timeout=2.0) as client:
            while True:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise AssertionError(f"{self.target} exited with {self.process.returncode}:\n{self.log_tail()}")
                try:
                    if (await client.get("/health/ready")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError(f"{self.target} not ready after {timeout:.0f}s:\n{self.log_tail()}")
                await asyncio.sleep(0.1)

    async def wait_exit(self, timeout: float = 60.0) -> int:
        assert self.process is not None
        return await asyncio.to_thread(self.process.wait, timeout)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flushing, no leaving the consumer group."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def service_environment(**variables: str) -> dict[str, str]:
    """The caller's environment without its CONTINUUM_* settings, plus `variables`."""
    inherited = {name: value for name, value in os.environ.items() if not name.startswith("CONTINUUM_")}
    return {**inherited, "PYTHONUNBUFFERED": "1", **variables}


async def metric_samples(process: ServiceProcess, name: str, **labels: str) -> list[tuple[dict[str, str], float]]:
    """The samples of `name` on the process's /metrics that carry `labels`."""
    async with httpx.AsyncClient(base_url=process.url, timeout=10.0) as client:
        response = await client.get("/metrics")
    response.raise_for_status()
    return [
        (sample.labels, sample.value)
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
        if sample.name == name and all(sample.labels.get(key) == value for key, value in labels.items())
    ]
