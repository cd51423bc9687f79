"""Allocation commands on an in-memory SQLite database: tables made from the models, nothing else running."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.allocation.models import Base
from shared.db import create_engine
from tests.commands.allocation.council import Council


@pytest.fixture
async def session() -> AsyncIterator[AsyncSession]:
    engine = create_engine("sqlite+aiosqlite://")
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    async with async_sessionmaker(engine, expire_on_commit=False)() as session:
        yield session
    await engine.dispose()


@pytest.fixture
def council(session: AsyncSession) -> Council:
    return Council(session)
