"""Allocation and feedback in one process, as `make run` serves them: a SQLite file each and the embedded event
log. The story is driven through the allocation API; feedback learns the town from allocation's events."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest

from demo import caught_up
from services.allocation.service import service as allocation_service
from services.feedback.service import service as feedback_service
from shared.messaging.local import LocalLogTransport
from shared.runtime.app import platform_app
from shared.runtime.runner import ServiceRuntime
from shared.settings import PlatformSettings
from tests.flows.kpi.in_process import AllocationStory, Unexpected


class FeedbackFlow(AllocationStory):
    def __init__(self, directory: Path, settings: PlatformSettings) -> None:
        super().__init__(settings)
        self.directory = directory
        self.runtimes: dict[str, ServiceRuntime] = {}
        self._lifespan: AbstractAsyncContextManager[Any] | None = None

    async def start(self) -> None:
        transport = LocalLogTransport(f"sqlite+aiosqlite:///{self.directory / 'events.sqlite'}")
        self.runtimes = {
            service.name: ServiceRuntime(
                service, self.settings, transport, f"sqlite+aiosqlite:///{self.directory / service.name}.sqlite"
            )
            for service in (allocation_service, feedback_service)
        }
        app = platform_app(list(self.runtimes.values()), transport, self.settings)
        self._lifespan = app.router.lifespan_context(app)
        await self._lifespan.__aenter__()
        await self.client.aclose()
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://continuum.test")

    async def stop(self) -> None:
        if self._lifespan is not None:
            await self.client.aclose()
            lifespan, self._lifespan = self._lifespan, None
            await lifespan.__aexit__(None, None, None)

    async def followed(self) -> None:
        await caught_up(self.runtimes["allocation"], self.runtimes["feedback"], timeout=60)

    async def leaves(self, worker: uuid.UUID, end: str) -> None:
        listed = await self.client.get(
            f"/allocation/v1/workers/{worker}/memberships", headers=self.bearer("head_of_service")
        )
        [current] = [m for m in listed.json() if m["end_date"] is None]
        await self.allocation("POST", f"/workers/{worker}/memberships/{current['id']}/end", {"end_date": end})

    async def joins(self, worker: uuid.UUID, pod: uuid.UUID, start: str) -> None:
        body = {"pod_id": str(pod), "role": "social_worker", "fte": 1.0, "start_date": start}
        await self.allocation("POST", f"/workers/{worker}/memberships", body)

    async def feedback(
        self, method: str, path: str, body: dict[str, Any] | None = None, *, as_: dict[str, str] | None = None
    ) -> dict[str, Any]:
        response = await self.client.request(
            method, f"/feedback/v1{path}", json=body, headers=as_ or self.bearer("feedback_officer")
        )
        if response.status_code >= 300:
            raise Unexpected(f"{method} {path} {body} -> {response.status_code} {response.text}")
        result: dict[str, Any] = response.json()
        return result


@pytest.fixture
async def flow(tmp_path: Path, platform_settings: PlatformSettings) -> AsyncIterator[FeedbackFlow]:
    started = FeedbackFlow(tmp_path, platform_settings)
    await started.start()
    yield started
    await started.stop()
