"""The probe and the tally in one process, as `make run` would serve them: SQLite files and the local log.

`restart()` stops everything and starts it again on the same files, which is what a process restart leaves behind.
"""

from __future__ import annotations

import uuid
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shared.messaging.local import LocalLogTransport
from shared.messaging.relay import Relay
from shared.messaging.transport import Message
from shared.runtime.app import platform_app
from shared.runtime.runner import ServiceRuntime
from shared.settings import PlatformSettings
from tests.support import probe_service, tally_service
from tests.support.transports import FaultyTransport


class EmbeddedPlatform:
    def __init__(self, directory: Path, settings: PlatformSettings, token: str) -> None:
        self.directory = directory
        self.settings = settings
        self.token = token
        self.log_url = f"sqlite+aiosqlite:///{directory / 'events.sqlite'}"
        self.transport = FaultyTransport(LocalLogTransport(self.log_url))
        self.runtimes: dict[str, ServiceRuntime] = {}
        self.app: FastAPI | None = None
        self.client: httpx.AsyncClient | None = None
        self._lifespan: AbstractAsyncContextManager[Any] | None = None
        self._readers: dict[str, AsyncEngine] = {}

    def database_url(self, name: str) -> str:
        return f"sqlite+aiosqlite:///{self.directory / (name + '.sqlite')}"

    def reader(self, name: str) -> AsyncEngine:
        """A read-only view of a service's database that never waits behind its writers (plain BEGIN, WAL).

        The runtime's own engine begins every transaction IMMEDIATE, reads included, so a test polling through it
        would queue behind the consumer's batches instead of watching them land.
        """
        if name not in self._readers:
            self._readers[name] = create_async_engine(self.database_url(name))
        return self._readers[name]

    async def start(self) -> None:
        self.transport = FaultyTransport(LocalLogTransport(self.log_url))
        self.runtimes = {
            service.name: ServiceRuntime(service, self.settings, self.transport, self.database_url(service.name))
            for service in (probe_service.service, tally_service.service)
        }
        self.app = platform_app(list(self.runtimes.values()), self.transport, self.settings)
        self._lifespan = self.app.router.lifespan_context(self.app)
        await self._lifespan.__aenter__()
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://continuum.test")

    async def stop(self) -> None:
        for engine in self._readers.values():
            await engine.dispose()
        self._readers.clear()
        if self.client is not None:
            await self.client.aclose()
        if self._lifespan is not None:
            lifespan, self._lifespan = self._lifespan, None
            await lifespan.__aexit__(None, None, None)

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    @property
    def probe(self) -> ServiceRuntime:
        return self.runtimes["probe"]

    @property
    def probe_relay(self) -> Relay:
        """The probe's relay: the probe publishes, so its runtime always runs one."""
        relay = self.probe.relay
        assert relay is not None, "the probe publishes, so its runtime runs a relay"
        return relay

    @property
    def tally(self) -> ServiceRuntime:
        return self.runtimes["tally"]

    async def ping(self, subject_id: uuid.UUID, sequence: int, *, explode: bool = False) -> httpx.Response:
        assert self.client is not None, "the platform is not started"
        return await self.client.post(
            "/probe/v1/pings",
            json={"subject_id": str(subject_id), "sequence": sequence, "explode": explode},
            headers={"Authorization": f"Bearer {self.token}"},
        )


async def messages_in_log(platform: EmbeddedPlatform, topic: str) -> list[Message]:
    """Everything ever appended to `topic` in the embedded log, read by a throwaway consumer group."""
    subscription = await platform.transport.subscribe(f"reader-{uuid.uuid4()}", [topic], from_beginning=True)
    messages: list[Message] = []
    while batch := await subscription.fetch(1000, 0.01):
        messages.extend(item.message for item in batch)
    await subscription.close()
    return messages
