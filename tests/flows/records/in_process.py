"""Allocation and records in one process, as `make run` serves them: a SQLite file each and the embedded event log.
The story is driven through allocation's API as a head of service; records is read and written through its own
API as any role, once its consumer has taken in every event allocation staged (polled, never timed)."""

from __future__ import annotations

import uuid
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from services.allocation.service import service as allocation_service
from services.records.service import service as records_service
from shared.auth.tokens import mint_development_token
from shared.messaging.local import LocalLogTransport
from shared.runtime.app import platform_app
from shared.runtime.runner import ServiceRuntime
from shared.settings import PlatformSettings
from tests.flows.kpi.in_process import AllocationStory
from tests.support.polling import eventually


class Records(AllocationStory):
    def __init__(self, directory: Path, settings: PlatformSettings) -> None:
        super().__init__(settings)
        self.directory = directory
        self.transport = LocalLogTransport(self.events_url)
        self.runtimes: dict[str, ServiceRuntime] = {}
        self._lifespan: AbstractAsyncContextManager[Any] | None = None

    @property
    def events_url(self) -> str:
        return f"sqlite+aiosqlite:///{self.directory / 'events.sqlite'}"

    def database_url(self, name: str) -> str:
        return f"sqlite+aiosqlite:///{self.directory / (name + '.sqlite')}"

    async def start(self) -> None:
        self.transport = LocalLogTransport(self.events_url)
        self.runtimes = {
            service.name: ServiceRuntime(service, self.settings, self.transport, self.database_url(service.name))
            for service in (allocation_service, records_service)
        }
        app: FastAPI = platform_app(list(self.runtimes.values()), self.transport, self.settings)
        self._lifespan = app.router.lifespan_context(app)
        await self._lifespan.__aenter__()
        await self.client.aclose()
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://continuum.test")

    async def stop(self) -> None:
        if self._lifespan is not None:
            await self.client.aclose()
            lifespan, self._lifespan = self._lifespan, None
            await lifespan.__aexit__(None, None, None)

    @property
    def records(self) -> ServiceRuntime:
        return self.runtimes["records"]

    async def _count(self, runtime: ServiceRuntime, table: sa.Table) -> int:
        async with runtime.engine.connect() as connection:
            return int((await connection.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())

    async def settled(self) -> None:
        """Until records has taken in every event allocation staged (applied or ignored: the inbox records both)."""
        staged = await self._count(self.runtimes["allocation"], allocation_service.tables.outbox)
        await eventually(
            lambda: self._count(self.records, records_service.tables.inbox),
            lambda consumed: consumed >= staged,
            what=f"records to take in all {staged} events allocation staged",
        )

    def as_worker(self, role: str, pod: uuid.UUID, worker: uuid.UUID | None = None) -> dict[str, str]:
        token = mint_development_token(
            self.settings,
            subject=f"{role}-{worker or pod}",
            roles=[role],
            pods=[str(pod)],
            worker_id=str(worker) if worker else None,
            lifetime_seconds=600,
        )
        return {"Authorization": f"Bearer {token}"}

    async def records_call(
        self, method: str, path: str, headers: dict[str, str], body: dict[str, Any] | None = None, **params: Any
    ) -> httpx.Response:
        await self.settled()
        return await self.client.request(method, f"/records/v1{path}", json=body, params=params, headers=headers)
