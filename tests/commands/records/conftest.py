"""Records commands on an in-memory SQLite database migrated as the service migrates it (its search index
included), with a small town in records' view, put there by records' own consumer from allocation's facts."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from services.records.commands.content import ChildOnEntry, EntryContent
from services.records.models import Base, platform
from services.records.service import service
from services.records.settings import RecordsSettings
from shared.auth import Principal, Role
from shared.db import create_engine
from shared.events.base import Event
from shared.messaging.consumer import EventConsumer
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.unit_of_work import UnitOfWork
from tests.handlers.kpi.deliveries import Facts, deliveries
from tests.support.transports import RecordingTransport

OPENED = date(2024, 1, 8)
SETTINGS = RecordsSettings()


@dataclass
class Town:
    """North holds Amy and Ben (siblings; Amy on a CP plan, Ben in need) with worker A; South holds Cat (looked
    after) with worker B. Their cases opened on 8 January 2024."""

    facts: Facts
    engine: AsyncEngine

    def id(self, name: str) -> uuid.UUID:
        return self.facts.id(name)

    def principal(
        self, role: Role = Role.social_worker, *, pod: str = "pod north", worker: str | None = "a"
    ) -> Principal:
        return Principal(
            subject=f"{role}-{worker or 'nobody'}",
            roles=frozenset({role}),
            pods=frozenset({self.id(pod)}),
            worker_id=self.id(worker) if worker else None,
        )

    async def deliver(self, *events: Event) -> None:
        consumer = EventConsumer(
            service.name,
            self.engine,
            service.tables,
            RecordingTransport(),
            service.subscriptions,
            lambda session: UnitOfWork(session, service.tables, producer=None),
            retry_backoff=0.0,
        )
        await consumer.apply_batch(deliveries(events))


def town_facts(facts: Facts) -> list[Event]:
    amy, ben = facts.child("amy"), facts.child("ben")
    siblings = [
        amy.model_copy(update={"family_id": facts.id("jones family")}),
        ben.model_copy(update={"family_id": facts.id("jones family")}),
    ]
    return [
        facts.pod("pod north"),
        facts.pod("pod south"),
        facts.joins("a", "pod north", date(2020, 1, 6)),
        facts.joins("b", "pod south", date(2020, 1, 6)),
        *siblings,
        facts.child("cat"),
        *(facts.opens(child, OPENED) for child in ("amy", "ben", "cat")),
        facts.status("amy", "CP", OPENED),
        facts.status("ben", "CIN", OPENED),
        facts.status("cat", "CLA", OPENED, legal_status="C2"),
        facts.allocates("amy", "a", "pod north", OPENED),
        facts.allocates("ben", "a", "pod north", OPENED),
        facts.allocates("cat", "b", "pod south", OPENED),
    ]


@pytest.fixture
async def town() -> AsyncIterator[Town]:
    engine = create_engine("sqlite+aiosqlite://")
    await upgrade_to_head(service, engine)
    made = Town(Facts(), engine)
    await made.deliver(*town_facts(made.facts))
    yield made
    await engine.dispose()


@pytest.fixture
async def uow(town: Town) -> AsyncIterator[UnitOfWork]:
    async with async_sessionmaker(town.engine, expire_on_commit=False)() as session:
        yield UnitOfWork(session, service.tables, producer="records")


def visit(
    town: Town, *children: str, day: date = date(2024, 2, 1), kind: str = "home", serves: str = "CP", **changes: Any
) -> EntryContent:
    return EntryContent(
        entry_type="visit",
        occurred_on=day,
        title="Home visit",
        text="Saw the children at home with their mother. The house was warm and there was food in the fridge.",
        purpose="Statutory child protection visit",
        children=tuple(
            ChildOnEntry(town.id(child), seen=True, seen_alone=True) for child in (children or ("amy", "ben"))
        ),
        visit_kind=kind,
        serves_status=serves,
        **changes,
    )


def note(town: Town, *children: str, day: date = date(2024, 2, 1), **changes: Any) -> EntryContent:
    fields: dict[str, Any] = {
        "entry_type": "note",
        "occurred_on": day,
        "title": "Call from school",
        "text": "The school called: attendance has improved to 92% this half term.",
        "children": tuple(ChildOnEntry(town.id(child)) for child in (children or ("amy",))),
    }
    return EntryContent(**(fields | changes))


async def events(uow: UnitOfWork) -> list[tuple[str, dict[str, Any]]]:
    await uow.flush()
    rows = (await uow.session.execute(sa.select(platform.outbox).order_by(platform.outbox.c.id))).mappings().all()
    return [(row["event_type"].split(".")[2], json.loads(row["payload"])) for row in rows]


async def events_of(uow: UnitOfWork, name: str) -> list[dict[str, Any]]:
    return [payload for event, payload in await events(uow) if event == name]


async def row_counts(uow: UnitOfWork) -> dict[str, int]:
    counts = {}
    for table in Base.metadata.sorted_tables:
        counts[table.name] = await uow.session.scalar(sa.select(sa.func.count()).select_from(table)) or 0
    return counts
