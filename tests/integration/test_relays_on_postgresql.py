"""Relays sharing one outbox on PostgreSQL: SKIP LOCKED keeps them apart, an advisory lock picks one leader."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from shared.db import create_engine
from shared.messaging.leadership import Leadership
from shared.messaging.relay import Relay
from tests.support.polling import eventually
from tests.support.probe_service import platform, record_ping, unit_of_work
from tests.support.transports import NamedPublisher, RecordingTransport

pytestmark = pytest.mark.infra


async def _stage(engine: AsyncEngine, count: int) -> None:
    async with async_sessionmaker(engine)() as session:
        uow = unit_of_work(session)
        for sequence in range(1, count + 1):
            await record_ping(uow, uuid.uuid4(), sequence)
        await uow.commit()


async def _unpublished(engine: AsyncEngine) -> int:
    query = sa.select(sa.func.count()).select_from(platform.outbox).where(platform.outbox.c.published_at.is_(None))
    async with engine.connect() as connection:
        return int((await connection.execute(query)).scalar_one())


async def test_four_relays_racing_on_one_outbox_publish_every_row_exactly_once(
    probe_engine: AsyncEngine, probe_database: str
) -> None:
    await _stage(probe_engine, 200)
    # Publishing takes a while, so each relay holds its claimed rows while the others claim theirs.
    recording = RecordingTransport(delay=0.02)
    engines = [create_engine(probe_database) for _ in range(4)]
    relays = [
        Relay("probe", engine, platform, NamedPublisher(recording, f"relay-{n}"), batch_size=10)
        for n, engine in enumerate(engines)
    ]
    passes: list[list[str]] = []

    async def drain(relay: Relay) -> None:
        while True:
            before = len(recording.published)
            if await relay.publish_pending() == 0:
                return
            passes.append(recording.event_ids()[before:])

    try:
        await asyncio.gather(*(drain(relay) for relay in relays))
    finally:
        for engine in engines:
            await engine.dispose()

    published = Counter(recording.event_ids())
    async with probe_engine.connect() as connection:
        staged = set((await connection.execute(sa.select(platform.outbox.c.event_id))).scalars())
    assert [event_id for event_id, times in published.items() if times > 1] == [], "a row was published twice"
    assert set(published) == staged, "a row was never published"
    assert await _unpublished(probe_engine) == 0
    assert len(set(recording.publishers)) > 1, "only one relay ever published: the race never happened"


async def test_of_two_relays_only_one_leads_and_the_other_takes_over_when_it_goes(probe_database: str) -> None:
    engines = [create_engine(probe_database) for _ in range(2)]
    first, second = (Leadership(engine, "relay:probe") for engine in engines)
    try:
        assert await first.acquire() is True
        assert await second.acquire() is False, "two relays of one service lead at once"
        assert await first.acquire() is True, "the leader lost its lock on a routine re-check"
        assert await second.acquire() is False

        await first.release()

        assert await second.acquire() is True, "nobody took over after the leader went"
        assert await first.acquire() is False
    finally:
        await first.release()
        await second.release()
        for engine in engines:
            await engine.dispose()


async def test_running_relays_elect_one_leader_that_publishes(probe_engine: AsyncEngine, probe_database: str) -> None:
    recording = RecordingTransport()
    engines = [create_engine(probe_database) for _ in range(2)]
    relays = [
        Relay("probe", e, platform, NamedPublisher(recording, f"relay-{n}"), poll_interval=0.05)
        for n, e in enumerate(engines)
    ]
    tasks = [asyncio.create_task(relay.run()) for relay in relays]
    try:
        await eventually(lambda: [r.is_leader for r in relays], lambda leaders: any(leaders), what="a leader")
        await _stage(probe_engine, 5)
        await eventually(lambda: _unpublished(probe_engine), lambda pending: pending == 0, what="the outbox to drain")
        leaders = [relay.is_leader for relay in relays]
        assert leaders.count(True) == 1, f"leadership: {leaders}"
        assert set(recording.publishers) == {f"relay-{leaders.index(True)}"}, "a follower published"

        tasks[leaders.index(True)].cancel()
        follower = relays[leaders.index(False)]
        await eventually(lambda: follower.is_leader, lambda leads: leads, what="the follower to take over")
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for engine in engines:
            await engine.dispose()


_LOCK_HOLDERS = sa.text(
    "SELECT activity.state FROM pg_stat_activity AS activity JOIN pg_locks AS lock ON lock.pid = activity.pid "
    "WHERE lock.locktype = 'advisory' AND lock.granted AND activity.datname = current_database()"
)


async def test_the_leaders_lock_connection_does_not_sit_idle_in_a_transaction(
    probe_database: str, probe_engine: AsyncEngine
) -> None:
    # An open transaction held for as long as the relay leads would stop VACUUM cleaning the outbox.
    engine = create_engine(probe_database)
    leadership = Leadership(engine, "relay:probe")
    try:
        await leadership.acquire()
        await leadership.acquire()
        async with probe_engine.connect() as connection:
            states = (await connection.execute(_LOCK_HOLDERS)).scalars().all()
    finally:
        await leadership.release()
        await engine.dispose()

    assert states, "the leader's connection was not found"
    assert "idle in transaction" not in states, f"the leader's connection is {states}"
