"""Outages of the broker and of the database, with the services' processes left running: each heals by itself.

Writes keep being accepted (or answered 503, never 500), every accepted write is applied exactly once when the
outage ends, the processes are never restarted, and the health checks are green again within a bound (issue 14,
items 21, 23 and 24).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import uuid
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import DistributedPlatform
from tests.support.kafka_tools import Broker
from tests.support.polling import eventually
from tests.support.processes import REPOSITORY, ServiceProcess
from tests.support.tally_reading import Tally

pytestmark = pytest.mark.infra

HEALED_WITHIN = 120.0


class Database:
    """The PostgreSQL server the tests run against, driven by the project's own script on the same port."""

    def __init__(self, server_url: str) -> None:
        self.environment = {**os.environ, "PG_PORT": server_url.rsplit(":", 1)[1].split("/")[0]}

    async def restart(self, down_for: float) -> None:
        await self._script("stop")
        await asyncio.sleep(down_for)
        await self._script("start")

    async def _script(self, command: str) -> None:
        script = REPOSITORY / "deploy" / "postgres" / "postgres.sh"
        done = await asyncio.to_thread(
            subprocess.run, ["bash", str(script), command], env=self.environment, capture_output=True, text=True
        )
        assert done.returncode == 0, f"postgres.sh {command} failed ({done.returncode}):\n{done.stderr[-3000:]}"


class Writer:
    """Pings one subject after another while an outage comes and goes, keeping what each answer was."""

    def __init__(self, platform: DistributedPlatform) -> None:
        self.platform = platform
        self.subject = uuid.uuid4()
        self.accepted: list[int] = []
        self.answers: dict[int, int] = {}
        self.stopping = False

    async def run(self) -> None:
        sequence = 0
        while not self.stopping:
            sequence += 1
            try:
                status = (await self.platform.ping(self.subject, sequence)).status_code
            except httpx.HTTPError:
                status = 0
            self.answers[status] = self.answers.get(status, 0) + 1
            if status == 201:
                self.accepted.append(sequence)
            else:
                sequence -= 1  # the same sequence number again: the tally expects no gaps
            await asyncio.sleep(0.05)


async def _started(*services: ServiceProcess) -> list[int]:
    for service in services:
        service.start()
    for service in services:
        await service.wait_ready()
    return [service.process.pid for service in services if service.process is not None]


async def _healthy(service: ServiceProcess) -> bool:
    async with httpx.AsyncClient(base_url=service.url, timeout=5.0) as client:
        live, ready = await client.get("/health/live"), await client.get("/health/ready")
    return live.status_code == ready.status_code == 200


def _log_size(service: ServiceProcess) -> int:
    path: Path = service.log_path
    return path.stat().st_size if path.exists() else 0


async def _every_accepted_write_applied_once(platform: DistributedPlatform, writer: Writer) -> Tally:
    def complete(tally: Tally) -> bool:
        return tally.sequences.get(writer.subject, []) == writer.accepted

    return await eventually(
        platform.read_tally, complete, timeout=HEALED_WITHIN, interval=0.2, what="every accepted ping, once, in order"
    )


async def test_the_relay_and_the_consumer_heal_from_a_broker_killed_and_restarted_under_load(
    distributed: DistributedPlatform,
) -> None:
    pids = await _started(distributed.probe, distributed.tally)
    writer = Writer(distributed)
    writing = asyncio.create_task(writer.run())
    broker = Broker(distributed.bootstrap)
    try:
        await eventually(lambda: len(writer.accepted), lambda n: n >= 20, what="writes before the outage")
        logged_before = _log_size(distributed.probe)
        await broker.kill()
        await asyncio.sleep(15)
        logged_during = _log_size(distributed.probe) - logged_before
        await broker.start()
        accepted = len(writer.accepted)
        await eventually(lambda: len(writer.accepted), lambda n: n >= accepted + 20, what="writes after the outage")
    finally:
        writer.stopping = True
        await writing

    tally = await _every_accepted_write_applied_once(distributed, writer)
    assert tally.doubled_events() == []
    assert [p.process.pid for p in (distributed.probe, distributed.tally) if p.process] == pids, "a process restarted"
    assert await eventually(lambda: _healthy(distributed.probe), bool, timeout=HEALED_WITHIN, what="probe healthy")
    assert await eventually(lambda: _healthy(distributed.tally), bool, timeout=HEALED_WITHIN, what="tally healthy")
    assert writer.answers.get(500, 0) == 0, writer.answers
    assert logged_during < 100_000, f"{logged_during} bytes of log in 15 s of outage: the state change, once"


async def test_the_services_heal_from_a_postgresql_restart_under_load_and_never_answer_500(
    distributed: DistributedPlatform, pg_url: str
) -> None:
    pids = await _started(distributed.probe, distributed.tally)
    writer = Writer(distributed)
    writing = asyncio.create_task(writer.run())
    try:
        await eventually(lambda: len(writer.accepted), lambda n: n >= 20, what="writes before the outage")
        await Database(pg_url).restart(down_for=5)
        accepted = len(writer.accepted)
        await eventually(lambda: len(writer.accepted), lambda n: n >= accepted + 20, what="writes after the restart")
    finally:
        writer.stopping = True
        await writing

    tally = await _every_accepted_write_applied_once(distributed, writer)
    assert tally.doubled_events() == []
    assert [p.process.pid for p in (distributed.probe, distributed.tally) if p.process] == pids, "a process restarted"
    assert await eventually(lambda: _healthy(distributed.probe), bool, timeout=HEALED_WITHIN, what="probe healthy")
    assert await eventually(lambda: _healthy(distributed.tally), bool, timeout=HEALED_WITHIN, what="tally healthy")
    assert writer.answers.get(500, 0) == 0, f"answers during the restart: {writer.answers}"
    assert set(writer.answers) <= {201, 503}, writer.answers
