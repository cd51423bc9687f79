"""Supervision commands on an in-memory SQLite database: tables made from the models, nothing else running."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from services.supervision.models import Base
from services.supervision.service import service
from shared.db import create_engine
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.supervision.pods import Pods


@pytest.fixture
async def uow() -> AsyncIterator[UnitOfWork]:
    engine = create_engine("sqlite+aiosqlite://")
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    async with async_sessionmaker(engine, expire_on_commit=False)() as session:
        yield UnitOfWork(session, service.tables, producer="supervision")
    await engine.dispose()


@pytest.fixture
async def pods(uow: UnitOfWork) -> Pods:
    return await Pods.build(uow)
