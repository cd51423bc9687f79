"""Feedback commands on an in-memory SQLite database, with a small view of allocation's town written straight in:
North (Amy, a social worker; Nora, its manager) holds Zoe's case; South (Cat) holds nobody's."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker

from services.feedback.models import AllocationView, Base, ChildView, MembershipView, PodView, WorkerView, platform
from services.feedback.service import service
from services.feedback.settings import FeedbackSettings
from shared.db import create_engine
from shared.runtime.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Town:
    north: uuid.UUID = field(default_factory=uuid.uuid4)
    south: uuid.UUID = field(default_factory=uuid.uuid4)
    amy: uuid.UUID = field(default_factory=uuid.uuid4)
    cat: uuid.UUID = field(default_factory=uuid.uuid4)
    zoe: uuid.UUID = field(default_factory=uuid.uuid4)


@pytest.fixture
async def uow() -> AsyncIterator[UnitOfWork]:
    engine = create_engine("sqlite+aiosqlite://")
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    async with async_sessionmaker(engine, expire_on_commit=False)() as session:
        yield UnitOfWork(session, service.tables, producer="feedback")
    await engine.dispose()


@pytest.fixture
async def town(uow: UnitOfWork) -> Town:
    town = Town()
    uow.session.add_all(
        [
            PodView(pod_id=town.north, name="North"),
            PodView(pod_id=town.south, name="South"),
            WorkerView(worker_id=town.amy, employment="employed"),
            WorkerView(worker_id=town.cat, employment="employed"),
            MembershipView(membership_id=uuid.uuid4(), worker_id=town.amy, pod_id=town.north, start=date(2020, 1, 6)),
            MembershipView(membership_id=uuid.uuid4(), worker_id=town.cat, pod_id=town.south, start=date(2020, 1, 6)),
            ChildView(child_id=town.zoe, la_child_id="C0001"),
            AllocationView(
                allocation_id=uuid.uuid4(),
                case_id=uuid.uuid4(),
                child_id=town.zoe,
                pod_id=town.north,
                worker_id=town.amy,
                start=date(2024, 1, 8),
            ),
        ]
    )
    await uow.commit()
    return town


@pytest.fixture
def settings() -> FeedbackSettings:
    return FeedbackSettings()


async def events(uow: UnitOfWork) -> list[tuple[str, dict[str, Any]]]:
    """The outbox in order, with what the unit of work has published and not yet written: (event name, payload)."""
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
