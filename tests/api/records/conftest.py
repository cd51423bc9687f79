"""The records service over HTTP, in process: the platform app with its lifespan running, a SQLite file (or a
PostgreSQL database), and a small town put into records' view by its own consumer from allocation's facts.

`api` and `town` are fresh for each test; `shared_api` and `shared_town` are built once per module (the auth
matrix)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import sqlalchemy as sa

from services.records.models import Base
from services.records.service import service
from shared.auth.tokens import mint_development_token
from shared.events.base import Event
from shared.messaging.local import LocalLogTransport
from shared.runtime.app import platform_app
from shared.runtime.runner import ServiceRuntime
from shared.settings import PlatformSettings
from tests.handlers.kpi.deliveries import Facts, deliveries

TEST_SIGNING_KEY = "records-api-tests-signing-key-not-for-development"
SETTINGS = PlatformSettings(environment="test", auth_signing_key=TEST_SIGNING_KEY, log_json=False)
OPENED = date(2024, 1, 8)
ROLES = (
    "social_worker",
    "senior_social_worker",
    "social_worker_in_training",
    "business_support",
    "pod_manager",
    "head_of_service",
    "performance_analyst",
    "auditor",
    "system",
)


@dataclass
class Api:
    client: httpx.AsyncClient
    runtime: ServiceRuntime

    def headers(
        self, *roles: str, pods: tuple[uuid.UUID, ...] = (), worker: uuid.UUID | None = None, subject: str = "tester"
    ) -> dict[str, str]:
        token = mint_development_token(
            SETTINGS,
            subject=subject,
            roles=list(roles),
            pods=[str(p) for p in pods],
            worker_id=str(worker) if worker else None,
            lifetime_seconds=600,
        )
        return {"Authorization": f"Bearer {token}"}

    async def deliver(self, *events: Event) -> None:
        assert self.runtime.consumer is not None
        await self.runtime.consumer.apply_batch(deliveries(events))

    async def row_counts(self) -> dict[str, int]:
        async with self.runtime.engine.connect() as connection:
            return {
                table.name: int((await connection.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())
                for table in Base.metadata.sorted_tables
                if table.name != "audit_log"
            }


@asynccontextmanager
async def running_records(directory: Path, database_url: str | None = None) -> AsyncIterator[Api]:
    transport = LocalLogTransport("sqlite+aiosqlite://")
    url = database_url or f"sqlite+aiosqlite:///{directory / 'records.sqlite'}"
    runtime = ServiceRuntime(service, SETTINGS, transport, url)
    app = platform_app([runtime], transport, SETTINGS)
    async with app.router.lifespan_context(app):
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test/records/v1")
        async with client:
            yield Api(client, runtime)


@dataclass
class Town:
    """North holds Amy and Ben (siblings; Amy on a CP plan, Ben in need) with Ann; South holds Cat (looked after)
    with Bob. Cases opened on 8 January 2024."""

    facts: Facts
    api: Api

    def id(self, name: str) -> uuid.UUID:
        return self.facts.id(name)

    @property
    def north(self) -> uuid.UUID:
        return self.id("pod north")

    @property
    def south(self) -> uuid.UUID:
        return self.id("pod south")

    def ann(self) -> dict[str, str]:
        """Ann, Amy and Ben's social worker in North."""
        return self.api.headers("social_worker", pods=(self.north,), worker=self.id("ann"), subject="ann")

    def as_role(self, role: str, *, own: bool = True, subject: str | None = None) -> dict[str, str]:
        pod = self.north if own else self.south
        return self.api.headers(role, pods=(pod,), subject=subject or f"{role}-{'own' if own else 'other'}")

    def visit(self, **changes: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "entry_type": "visit",
            "status": "complete",
            "occurred_on": "2024-02-01",
            "title": "Home visit",
            "purpose": "Statutory child protection visit",
            "text": "Seen at home with their mother; Amy showed me her school books.",
            "visit_kind": "home",
            "serves_status": "CP",
            "children": [
                {"child_id": str(self.id("amy")), "seen": True, "seen_alone": True},
                {"child_id": str(self.id("ben")), "seen": True, "seen_alone": False, "not_seen_alone_reason": "aged 2"},
            ],
        }
        return body | changes

    def note(self, child: str = "amy", **changes: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "entry_type": "note",
            "status": "complete",
            "occurred_on": "2024-02-02",
            "title": "Call from school",
            "text": "The school called: attendance is better this half term.",
            "children": [{"child_id": str(self.id(child))}],
        }
        return body | changes


def town_facts(facts: Facts) -> list[Event]:
    family = facts.id("reed family")
    return [
        facts.pod("pod north"),
        facts.pod("pod south"),
        facts.joins("ann", "pod north", date(2020, 1, 6)),
        facts.joins("bob", "pod south", date(2020, 1, 6)),
        facts.child("amy").model_copy(update={"family_id": family}),
        facts.child("ben").model_copy(update={"family_id": family}),
        facts.child("cat"),
        *(facts.opens(child, OPENED) for child in ("amy", "ben", "cat")),
        facts.status("amy", "CP", OPENED),
        facts.status("ben", "CIN", OPENED),
        facts.status("cat", "CLA", OPENED, legal_status="C2"),
        facts.allocates("amy", "ann", "pod north", OPENED),
        facts.allocates("ben", "ann", "pod north", OPENED),
        facts.allocates("cat", "bob", "pod south", OPENED),
    ]


async def build_town(api: Api) -> Town:
    town = Town(Facts(), api)
    await api.deliver(*town_facts(town.facts))
    return town


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running_records(tmp_path) as started:
        yield started


@pytest.fixture
async def town(api: Api) -> Town:
    return await build_town(api)


@pytest.fixture
async def pg_api(tmp_path: Path, fresh_database: str) -> AsyncIterator[Api]:
    async with running_records(tmp_path, fresh_database) as started:
        yield started


@pytest.fixture
async def pg_town(pg_api: Api) -> Town:
    return await build_town(pg_api)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_api(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Api]:
    async with running_records(tmp_path_factory.mktemp("records")) as started:
        yield started


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_town(shared_api: Api) -> Town:
    return await build_town(shared_api)
