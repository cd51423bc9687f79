"""The outbox: a state change and its events commit together or not at all, and a commit wakes the relay."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.db import create_engine
from tests.support import probe_service
from tests.support.probe_service import outbox, pings, platform, record_ping


@pytest.fixture
async def probe_engine(sqlite_url: Callable[[str], str]) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url("probe"))
    async with engine.begin() as connection:
        await connection.run_sync(probe_service.metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
def wakes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each time the outbox tells its relays that something was committed."""
    woken: list[str] = []
    monkeypatch.setattr(outbox, "_listeners", [lambda: woken.append("wake")])
    return woken


async def _count(engine: AsyncEngine, table: sa.Table) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())


async def test_staged_events_commit_with_the_state_change(probe_engine: AsyncEngine) -> None:
    async with async_sessionmaker(probe_engine)() as session:
        ping_id = await record_ping(session, uuid.uuid4(), 1)
        await session.commit()

    async with probe_engine.connect() as connection:
        row = (await connection.execute(sa.select(platform.outbox))).one()
    assert await _count(probe_engine, pings) == 1
    assert row.published_at is None, "a freshly staged event must wait for the relay"
    assert row.topic == probe_service.ProbePinged.topic
    assert probe_service.ProbePinged.model_validate_json(row.payload).ping_id == ping_id


async def test_staged_events_roll_back_with_the_state_change(probe_engine: AsyncEngine) -> None:
    async with async_sessionmaker(probe_engine)() as session:
        await record_ping(session, uuid.uuid4(), 1)
        await session.rollback()

    assert await _count(probe_engine, pings) == 0
    assert await _count(probe_engine, platform.outbox) == 0, "an event escaped a rolled-back transaction"


async def test_a_failing_use_case_leaves_neither_its_state_nor_its_events(probe_engine: AsyncEngine) -> None:
    async def refused_use_case() -> None:
        async with async_sessionmaker(probe_engine)() as session, session.begin():
            await record_ping(session, uuid.uuid4(), 1)
            raise RuntimeError("the rule refused")

    with pytest.raises(RuntimeError, match="the rule refused"):
        await refused_use_case()

    assert (await _count(probe_engine, pings), await _count(probe_engine, platform.outbox)) == (0, 0)


async def test_committing_staged_events_wakes_the_relay(probe_engine: AsyncEngine, wakes: list[str]) -> None:
    async with async_sessionmaker(probe_engine)() as session:
        await record_ping(session, uuid.uuid4(), 1)
        assert wakes == [], "the relay was woken before the events were committed"
        await session.commit()

    assert wakes == ["wake"]


async def test_a_rolled_back_transaction_does_not_wake_the_relay_later(
    probe_engine: AsyncEngine, wakes: list[str]
) -> None:
    async with async_sessionmaker(probe_engine)() as session:
        await record_ping(session, uuid.uuid4(), 1)
        await session.rollback()
        await session.execute(sa.select(1))
        await session.commit()

    assert wakes == []


async def test_a_rolled_back_savepoint_does_not_stop_the_commit_waking_the_relay(
    probe_engine: AsyncEngine, wakes: list[str]
) -> None:
    async with async_sessionmaker(probe_engine)() as session:
        await record_ping(session, uuid.uuid4(), 1)
        await _fail_inside_a_savepoint(session)
        await session.commit()

    assert await _count(probe_engine, platform.outbox) == 1
    assert wakes == ["wake"], "the event was committed but the relay was never told (it waits for its next poll)"


async def _fail_inside_a_savepoint(session: AsyncSession) -> None:
    # What the consumer does when one handler of a batch fails and is retried.
    try:
        async with session.begin_nested():
            await session.execute(pings.insert().values(id=None))
    except sa.exc.IntegrityError:
        pass


async def test_a_forgotten_relay_is_not_woken(probe_engine: AsyncEngine, wakes: list[str]) -> None:
    stopped: list[str] = []

    def stopped_relay() -> None:
        stopped.append("wake")

    outbox.on_commit(stopped_relay)
    outbox.forget(stopped_relay)
    async with async_sessionmaker(probe_engine)() as session:
        await record_ping(session, uuid.uuid4(), 1)
        await session.commit()

    assert (wakes, stopped) == (["wake"], [])


async def test_deferred_staging_writes_the_blocks_events_in_one_insert_in_order(probe_engine: AsyncEngine) -> None:
    inserts: list[int] = []

    def count_outbox_inserts(_c: object, _cur: object, statement: str, *_: object) -> None:
        if statement.startswith("INSERT INTO outbox"):
            inserts.append(1)

    subject = uuid.uuid4()
    sa.event.listen(probe_engine.sync_engine, "before_cursor_execute", count_outbox_inserts)
    async with async_sessionmaker(probe_engine)() as session:
        async with outbox.deferred(session):
            for sequence in range(1, 6):
                await record_ping(session, subject, sequence)
            assert inserts == [], "deferred events were written before the block ended"
        await session.commit()
    sa.event.remove(probe_engine.sync_engine, "before_cursor_execute", count_outbox_inserts)

    async with probe_engine.connect() as connection:
        rows = (await connection.execute(sa.select(platform.outbox).order_by(platform.outbox.c.id))).all()
    sequences = [probe_service.ProbePinged.model_validate_json(row.payload).sequence for row in rows]
    assert (len(inserts), sequences) == (1, [1, 2, 3, 4, 5])


async def test_a_deferred_block_that_fails_writes_no_event(probe_engine: AsyncEngine) -> None:
    inserts: list[str] = []

    def record_outbox_inserts(_c: object, _cur: object, statement: str, *_: object) -> None:
        if statement.startswith("INSERT INTO outbox"):
            inserts.append(statement)

    async def refused(session: AsyncSession) -> None:
        async with outbox.deferred(session):
            await record_ping(session, uuid.uuid4(), 1)
            raise RuntimeError("refused")

    sa.event.listen(probe_engine.sync_engine, "before_cursor_execute", record_outbox_inserts)
    async with async_sessionmaker(probe_engine)() as session:
        with pytest.raises(RuntimeError, match="refused"):
            await refused(session)
        await session.rollback()
    sa.event.remove(probe_engine.sync_engine, "before_cursor_execute", record_outbox_inserts)

    assert inserts == []
    assert (await _count(probe_engine, pings), await _count(probe_engine, platform.outbox)) == (0, 0)
