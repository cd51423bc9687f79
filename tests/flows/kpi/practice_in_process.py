"""Every producing service and the KPI service in one process, as `make run` serves them: a story written through
allocation's, records' and feedback's APIs reaches the KPI's practice measures and "my work"."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import sqlalchemy as sa

from services.allocation.service import service as allocation_service
from services.feedback.service import service as feedback_service
from services.kpi.service import service as kpi_service
from services.records.service import service as records_service
from services.supervision.service import service as supervision_service
from shared.auth.tokens import mint_development_token
from shared.messaging.local import LocalLogTransport
from shared.runtime.app import platform_app
from shared.runtime.runner import ServiceRuntime
from tests.flows.kpi.in_process import Continuum
from tests.support.polling import eventually

PRODUCERS = (allocation_service, records_service, supervision_service, feedback_service)


class PracticeContinuum(Continuum):
    async def start(self) -> None:
        self.transport = LocalLogTransport(self.events_url)
        self.runtimes = {
            service.name: ServiceRuntime(service, self.settings, self.transport, self.database_url(service.name))
            for service in (*PRODUCERS, kpi_service)
        }
        self.app = platform_app(list(self.runtimes.values()), self.transport, self.settings)
        self._lifespan = self.app.router.lifespan_context(self.app)
        await self._lifespan.__aenter__()
        await self.client.aclose()
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://continuum.test")

    async def staged_for_kpi(self) -> int:
        """Events staged by every producer on a topic the KPI service follows."""
        topics = kpi_service.subscriptions.topics
        total = 0
        for service in PRODUCERS:
            outbox = service.tables.outbox
            async with self.runtimes[service.name].engine.connect() as connection:
                query = sa.select(sa.func.count()).select_from(outbox).where(outbox.c.topic.in_(topics))
                total += int((await connection.execute(query)).scalar_one())
        return total

    async def settled(self) -> dict[str, Any]:
        staged = await self.staged_for_kpi()
        await eventually(
            self.consumed_by_kpi,
            lambda consumed: consumed >= staged,
            what=f"the KPI consumer to take in all {staged} events staged for it",
        )
        return {}

    async def producers_settled(self, *names: str) -> None:
        """Until each named service has taken in every event allocation staged (its view of the town)."""
        outbox = allocation_service.tables.outbox
        async with self.runtimes["allocation"].engine.connect() as connection:
            staged = int((await connection.execute(sa.select(sa.func.count()).select_from(outbox))).scalar_one())
        for name in names:
            runtime = self.runtimes[name]

            async def consumed(runtime: ServiceRuntime = runtime) -> int:
                async with runtime.engine.connect() as connection:
                    inbox = runtime.service.tables.inbox
                    return int((await connection.execute(sa.select(sa.func.count()).select_from(inbox))).scalar_one())

            await eventually(consumed, lambda count: count >= staged, what=f"{name} to follow allocation")

    def as_worker(self, role: str, pods: tuple[uuid.UUID, ...], worker: uuid.UUID | None = None) -> dict[str, str]:
        token = mint_development_token(
            self.settings,
            subject=f"{role}-{worker}",
            roles=[role],
            pods=[str(pod) for pod in pods],
            worker_id=str(worker) if worker else None,
            lifetime_seconds=600,
        )
        return {"Authorization": f"Bearer {token}"}

    async def call(
        self, method: str, path: str, headers: dict[str, str], body: dict[str, Any] | None = None, **params: Any
    ) -> httpx.Response:
        return await self.client.request(method, path, json=body, params=params, headers=headers)
