"""The relay: publishes what the outbox holds, marks it, and re-sends whatever it could not mark."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from shared.db import create_engine
from shared.messaging.relay import Relay
from shared.messaging.transport import TransportUnavailable
from tests.support import probe_service
from tests.support.polling import eventually
from tests.support.probe_service import platform, record_ping, unit_of_work
from tests.support.transports import FaultyTransport, RecordingTransport, SimulatedCrash


@pytest.fixture
async def probe_engine(sqlite_url: Callable[[str], str]) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url("probe"))
    async with engine.begin() as connection:
        await connection.run_sync(probe_service.metadata.create_all)
    yield engine
    await engine.dispose()


async def _stage_pings(engine: AsyncEngine, count: int, after_commit: Callable[[], None] | None = None) -> list[str]:
    async with async_sessionmaker(engine)() as session:
        uow = unit_of_work(session, after_commit)
        subject = uuid.uuid4()
        for sequence in range(1, count + 1):
            uow.publish(probe_service.ProbePinged(ping_id=uuid.uuid4(), subject_id=subject, sequence=sequence))
        await uow.commit()
    async with engine.connect() as connection:
        staged = await connection.execute(sa.select(platform.outbox.c.event_id).order_by(platform.outbox.c.id))
        return list(staged.scalars())[-count:]


async def _unpublished(engine: AsyncEngine) -> int:
    query = sa.select(sa.func.count()).select_from(platform.outbox).where(platform.outbox.c.published_at.is_(None))
    async with engine.connect() as connection:
        return int((await connection.execute(query)).scalar_one())


async def test_the_relay_publishes_pending_rows_in_order_and_marks_them_published(probe_engine: AsyncEngine) -> None:
    staged = await _stage_pings(probe_engine, 5)
    transport = RecordingTransport()
    relay = Relay("probe", probe_engine, platform, transport)

    assert await relay.publish_pending() == 5

    assert transport.event_ids() == staged
    assert await _unpublished(probe_engine) == 0
    assert await relay.publish_pending() == 0, "a published row was published again"
    assert len(transport.published) == 5


async def test_published_messages_carry_the_topic_key_and_cloudevents_headers(probe_engine: AsyncEngine) -> None:
    async with async_sessionmaker(probe_engine)() as session:
        uow = unit_of_work(session)
        subject = uuid.uuid4()
        await record_ping(uow, subject, 1)
        await uow.commit()
    transport = RecordingTransport()

    await Relay("probe", probe_engine, platform, transport).publish_pending()

    [message] = transport.published
    assert (message.topic, message.key) == (probe_service.ProbePinged.topic, str(subject))
    assert dict(message.headers)["ce_type"] == probe_service.ProbePinged.type_name().encode()


async def test_the_relay_publishes_a_large_outbox_in_batches(probe_engine: AsyncEngine) -> None:
    staged = await _stage_pings(probe_engine, 25)
    transport = RecordingTransport()
    relay = Relay("probe", probe_engine, platform, transport, batch_size=10)

    passes = [await relay.publish_pending() for _ in range(4)]

    assert passes == [10, 10, 5, 0]
    assert transport.event_ids() == staged


async def test_a_crash_between_publishing_and_marking_publishes_the_rows_again(probe_engine: AsyncEngine) -> None:
    staged = await _stage_pings(probe_engine, 3)
    transport = RecordingTransport()
    crashing = FaultyTransport(transport)
    crashing.crash_after_publish = True

    with pytest.raises(SimulatedCrash):
        await Relay("probe", probe_engine, platform, crashing).publish_pending()
    assert transport.event_ids() == staged, "the crash was meant to land after the broker had the events"
    assert await _unpublished(probe_engine) == 3, "rows were marked published although the relay died first"

    assert await Relay("probe", probe_engine, platform, crashing).publish_pending() == 3

    assert transport.event_ids() == staged + staged, "each event is re-sent exactly once after the restart"
    assert await _unpublished(probe_engine) == 0


async def test_rows_wait_in_the_outbox_while_the_broker_is_unavailable(probe_engine: AsyncEngine) -> None:
    await _stage_pings(probe_engine, 2)
    broker = FaultyTransport(RecordingTransport())
    broker.down = True
    relay = Relay("probe", probe_engine, platform, broker)

    with pytest.raises(TransportUnavailable):
        await relay.publish_pending()

    assert await _unpublished(probe_engine) == 2


async def test_a_running_relay_survives_a_broker_outage_and_publishes_once_it_is_back(
    probe_engine: AsyncEngine,
) -> None:
    staged = await _stage_pings(probe_engine, 2)
    recording = RecordingTransport()
    broker = FaultyTransport(recording)
    broker.down = True
    relay = Relay("probe", probe_engine, platform, broker, poll_interval=0.05)
    running = asyncio.create_task(relay.run())
    try:
        await eventually(lambda: broker.refused, lambda refused: refused >= 2, what="the relay to retry in the outage")
        broker.down = False
        await eventually(lambda: _unpublished(probe_engine), lambda pending: pending == 0, what="the outbox to drain")
        assert not running.done(), "the outage killed the relay"
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
    assert recording.event_ids() == staged


async def test_a_commit_wakes_a_sleeping_relay_without_waiting_for_its_poll(
    probe_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    transport = RecordingTransport()
    # An hour between polls: only the commit's wake-up can get the event out while the test waits.
    relay = Relay("probe", probe_engine, platform, transport, poll_interval=3600)
    passes: list[int] = []
    first_pass = relay.publish_pending

    async def counted_pass() -> int:
        passes.append(await first_pass())
        return passes[-1]

    monkeypatch.setattr(relay, "publish_pending", counted_pass)
    running = asyncio.create_task(relay.run())
    try:
        await eventually(lambda: passes, lambda done: done == [0], what="the relay's first, empty pass")
        [event_id] = await _stage_pings(probe_engine, 1, relay.wake)

        await eventually(transport.event_ids, lambda ids: event_id in ids, timeout=20, what="the committed event")
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
    assert transport.event_ids() == [event_id]
