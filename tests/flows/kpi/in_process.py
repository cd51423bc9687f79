"""Allocation and KPI in one process, as `make run` serves them: a SQLite file each and the embedded event log.

`AllocationStory` drives the allocation API as a head of service would (in process or over the network);
`Continuum` runs both services in this process, waits (by polling, never by the clock) until the KPI service has
taken in every event allocation staged, and reads the KPI API as any role.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from services.allocation.service import service as allocation_service
from services.kpi.service import service as kpi_service
from shared.auth.tokens import mint_development_token
from shared.messaging.local import LocalLogTransport
from shared.runtime.app import platform_app
from shared.runtime.runner import ServiceRuntime
from shared.settings import PlatformSettings
from tests.support.polling import eventually

QueryValue = str | int
"""A value in a KPI query string: dates, months and names as text, years and counts as numbers."""
Query = Mapping[str, QueryValue]


class Unexpected(AssertionError):
    """The allocation API refused a step of the story."""


class AllocationStory:
    """The steps of a casework story, through the allocation API, as a head of service."""

    def __init__(self, settings: PlatformSettings) -> None:
        self.settings = settings
        self.client = httpx.AsyncClient()
        self.child_of: dict[uuid.UUID, uuid.UUID] = {}
        """The child of each case the story opened."""

    def bearer(self, *roles: str, pods: tuple[uuid.UUID | str, ...] = ()) -> dict[str, str]:
        token = mint_development_token(
            self.settings, subject="tester", roles=list(roles), pods=[str(pod) for pod in pods], lifetime_seconds=600
        )
        return {"Authorization": f"Bearer {token}"}

    async def allocation(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.client.request(
            method, f"/allocation/v1{path}", json=body, headers=self.bearer("head_of_service")
        )
        if response.status_code >= 300:
            raise Unexpected(f"{method} {path} {body} -> {response.status_code} {response.text}")
        result: dict[str, Any] = response.json()
        return result

    async def pod(self, name: str) -> uuid.UUID:
        created = await self.allocation("POST", "/pods", {"name": name, "created_on": "2015-01-05"})
        return uuid.UUID(created["id"])

    async def worker(
        self, name: str, pod: uuid.UUID, *, role: str = "social_worker", fte: float = 1.0, employment: str = "employed"
    ) -> uuid.UUID:
        worker = await self.allocation("POST", "/workers", {"name": name, "employment": employment})
        membership = {"pod_id": str(pod), "role": role, "fte": fte, "start_date": "2015-01-05"}
        await self.allocation("POST", f"/workers/{worker['id']}/memberships", membership)
        return uuid.UUID(worker["id"])

    async def child_with_case(self, name: str, referral: date, *, uasc: bool = False) -> uuid.UUID:
        """Registers a child and opens their case; returns the case id."""
        child = await self.allocation(
            "POST",
            "/children",
            {
                "la_child_id": f"{name.replace(' ', '-')}-{uuid.uuid4().hex[:8]}",
                "given_name": name.title(),
                "family_name": "Test",
                "date_of_birth": "2010-05-14",
                "sex": "F",
                "uasc": uasc,
            },
        )
        case = await self.allocation(
            "POST", f"/children/{child['id']}/cases", {"referral_date": referral.isoformat(), "source": "front door"}
        )
        self.child_of[uuid.UUID(case["id"])] = uuid.UUID(child["id"])
        return uuid.UUID(case["id"])

    async def status(self, case: uuid.UUID, kind: str, start: date, *, legal_status: str = "C2") -> uuid.UUID:
        body: dict[str, Any] = {"kind": kind, "start_date": start.isoformat()}
        if kind == "CP":
            body["cp_category"] = "NEG"
        if kind == "CLA":
            body["legal_status"] = legal_status
        return uuid.UUID((await self.allocation("POST", f"/cases/{case}/statuses", body))["id"])

    async def allocate(self, case: uuid.UUID, pod: uuid.UUID, worker: uuid.UUID, start: date) -> None:
        body = {"pod_id": str(pod), "worker_id": str(worker), "start_date": start.isoformat()}
        await self.allocation("POST", f"/cases/{case}/allocations", body)

    async def transfer(self, case: uuid.UUID, to_worker: uuid.UUID, effective: date, reason: str = "MANAGE") -> None:
        body = {"to_worker_id": str(to_worker), "effective_date": effective.isoformat(), "reason": reason}
        outcome = await self.allocation("POST", f"/cases/{case}/transfers", body)
        if outcome.get("outcome") != "transferred":
            raise Unexpected(f"the transfer was not made: {outcome}")

    async def close(self, case: uuid.UUID, closed_on: date) -> None:
        await self.allocation("POST", f"/cases/{case}/close", {"closed_on": closed_on.isoformat(), "reason": "RC8"})


class Continuum(AllocationStory):
    """Both services in this process on fresh SQLite files and a fresh embedded event log."""

    def __init__(self, directory: Path, settings: PlatformSettings) -> None:
        super().__init__(settings)
        self.directory = directory
        self.transport = LocalLogTransport(self.events_url)
        self.runtimes: dict[str, ServiceRuntime] = {}
        self.app: FastAPI | None = None
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
            for service in (allocation_service, kpi_service)
        }
        self.app = platform_app(list(self.runtimes.values()), self.transport, self.settings)
        self._lifespan = self.app.router.lifespan_context(self.app)
        await self._lifespan.__aenter__()
        await self.client.aclose()
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://continuum.test")

    async def stop(self) -> None:
        if self._lifespan is not None:
            await self.client.aclose()
            lifespan, self._lifespan = self._lifespan, None
            await lifespan.__aexit__(None, None, None)

    @property
    def kpi(self) -> ServiceRuntime:
        return self.runtimes["kpi"]

    async def published_by_allocation(self) -> int:
        async with self.runtimes["allocation"].engine.connect() as connection:
            outbox = allocation_service.tables.outbox
            return int((await connection.execute(sa.select(sa.func.count()).select_from(outbox))).scalar_one())

    async def consumed_by_kpi(self) -> int:
        async with self.kpi.engine.connect() as connection:
            inbox = kpi_service.tables.inbox
            return int((await connection.execute(sa.select(sa.func.count()).select_from(inbox))).scalar_one())

    async def kpi_get(
        self,
        path: str,
        *roles: str,
        pods: tuple[uuid.UUID, ...] = (),
        query: Query | None = None,
        **params: QueryValue,
    ) -> httpx.Response:
        """GET a KPI path as `roles` (a head of service by default) with the query `query` and then `params`.

        A query held in a mapping (its keys may be Python keywords, like "from") goes in `query`, not in `**`.
        """
        headers = self.bearer(*(roles or ("head_of_service",)), pods=pods)
        return await self.client.get(f"/kpi/v1{path}", params={**(query or {}), **params}, headers=headers)

    async def settled(self) -> dict[str, Any]:
        """Waits until the KPI consumer has taken in every event allocation has staged (applied, or ignored
        like cover: the inbox records both), then returns /freshness."""
        staged = await self.published_by_allocation()
        await eventually(
            self.consumed_by_kpi,
            lambda consumed: consumed >= staged,
            what=f"the KPI consumer to take in all {staged} events allocation staged",
        )
        response = await self.kpi_get("/freshness")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def figure(self, path: str, **params: QueryValue) -> dict[str, Any]:
        await self.settled()
        response = await self.kpi_get(path, query=params)
        assert response.status_code == 200, response.text
        figure: dict[str, Any] = response.json()["figure"]
        return figure
