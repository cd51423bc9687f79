"""Allocation commands on an in-memory SQLite database: tables made from the models, nothing else running."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from services.allocation.models import Base
from services.allocation.service import service
from shared.db import create_engine
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.allocation.council import Council


@pytest.fixture
async def uow() -> AsyncIterator[UnitOfWork]:
    engine = create_engine("sqlite+aiosqlite://")
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    async with async_sessionmaker(engine, expire_on_commit=False)() as session:
        yield UnitOfWork(session, service.tables, producer="allocation")
    await engine.dispose()


@pytest.fixture
def council(uow: UnitOfWork) -> Council:
    return Council(uow)
