"""The inbox: each event takes effect once however often it is delivered; poison goes to `<topic>.dlq`."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from structlog.testing import capture_logs

from shared.db import create_engine
from shared.events.envelope import envelope_for
from shared.messaging.consumer import EventConsumer
from shared.messaging.transport import Message, Received
from tests.support import tally_service
from tests.support.probe_service import ProbePinged
from tests.support.tally_reading import read_tally
from tests.support.transports import RecordingTransport

SUBJECT = uuid.UUID("00000000-0000-4000-8000-000000000001")


@pytest.fixture
async def tally_engine(sqlite_url: Callable[[str], str]) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url("tally"))
    async with engine.begin() as connection:
        await connection.run_sync(tally_service.metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
def dead_letter_box() -> RecordingTransport:
    return RecordingTransport()


@pytest.fixture
def consumer(tally_engine: AsyncEngine, dead_letter_box: RecordingTransport) -> EventConsumer:
    return EventConsumer(
        "tally",
        tally_engine,
        tally_service.platform,
        dead_letter_box,
        tally_service.subscriptions,
        tally_service.unit_of_work,
        max_attempts=3,
        retry_backoff=0.001,
    )


def delivered(*pings: ProbePinged, first_offset: int = 0) -> list[Received]:
    """Pings as the transport hands them over: CloudEvents headers, JSON value, one offset each."""
    batch = []
    for offset, ping in enumerate(pings, start=first_offset):
        envelope = envelope_for(ping, source="/continuum/probe", correlation_id=None)
        batch.append(Received(Message(ping.topic, ping.key, envelope.to_headers(), envelope.data), 0, offset))
    return batch


def ping(sequence: int, *, explode: bool = False) -> ProbePinged:
    return ProbePinged(ping_id=uuid.uuid4(), subject_id=SUBJECT, sequence=sequence, explode=explode)


async def test_a_batch_takes_effect_once_per_event(consumer: EventConsumer, tally_engine: AsyncEngine) -> None:
    assert await consumer.apply_batch(delivered(ping(1), ping(2), ping(3))) == 3

    tally = await read_tally(tally_engine)
    assert tally.sequences == {SUBJECT: [1, 2, 3]}
    assert tally.counts == {SUBJECT: 3}


async def test_the_same_batch_delivered_twice_takes_effect_once(
    consumer: EventConsumer, tally_engine: AsyncEngine
) -> None:
    batch = delivered(ping(1), ping(2), ping(3))

    first = await consumer.apply_batch(batch)
    again = await consumer.apply_batch(batch)

    assert (first, again) == (3, 0)
    tally = await read_tally(tally_engine)
    assert tally.counts == {SUBJECT: 3}, f"a redelivered batch was counted again: {tally.counts}"
    assert tally.doubled_events() == []


async def test_a_batch_that_overlaps_an_applied_one_applies_only_the_new_events(
    consumer: EventConsumer, tally_engine: AsyncEngine
) -> None:
    one, two, three = delivered(ping(1), ping(2), ping(3))

    await consumer.apply_batch([one, two])
    assert await consumer.apply_batch([one, two, three]) == 1

    assert (await read_tally(tally_engine)).sequences == {SUBJECT: [1, 2, 3]}


async def test_an_event_delivered_twice_in_one_batch_takes_effect_once(
    consumer: EventConsumer, tally_engine: AsyncEngine
) -> None:
    [once] = delivered(ping(1))

    assert await consumer.apply_batch([once, once]) == 1

    assert (await read_tally(tally_engine)).counts == {SUBJECT: 1}


async def test_a_failing_event_is_retried_then_dead_lettered_and_the_batch_carries_on(
    consumer: EventConsumer, tally_engine: AsyncEngine, dead_letter_box: RecordingTransport
) -> None:
    poison = ping(2, explode=True)

    with capture_logs() as logs:
        applied = await consumer.apply_batch(delivered(ping(1), poison, ping(3)))

    assert applied == 2
    failures = [entry for entry in logs if entry["event"] == "consumer.handler_failed"]
    assert [entry["attempt"] for entry in failures] == [1, 2, 3], "the poison event was not tried max_attempts times"
    [dead] = dead_letter_box.published
    assert dead.topic == f"{ProbePinged.topic}.dlq"
    assert dead.key == str(SUBJECT)
    assert ProbePinged.model_validate_json(dead.value) == poison
    assert "ProbeExploded" in (dead.header("dlq_error") or "")
    assert dead.header("dlq_consumer") == "tally"
    tally = await read_tally(tally_engine)
    assert tally.sequences == {SUBJECT: [1, 3]}, "the events after the poison one were not applied"
    assert len(tally.dead_letters) == 1
    assert tally.inbox == {"applied": 2, "dead_lettered": 1}


async def test_a_dead_lettered_event_delivered_again_is_not_dead_lettered_twice(
    consumer: EventConsumer, dead_letter_box: RecordingTransport
) -> None:
    batch = delivered(ping(1, explode=True))

    await consumer.apply_batch(batch)
    await consumer.apply_batch(batch)

    assert len(dead_letter_box.published) == 1


@pytest.mark.parametrize(
    ("headers", "value"),
    [
        pytest.param([], b"garbage", id="no-cloudevents-headers"),
        pytest.param(
            [("ce_specversion", b"1.0"), ("ce_id", b"x-1"), ("ce_type", ProbePinged.type_name().encode())],
            b"{}",
            id="missing-source-and-time",
        ),
        pytest.param(
            [
                ("ce_specversion", b"1.0"),
                ("ce_id", b"x-2"),
                ("ce_type", ProbePinged.type_name().encode()),
                ("ce_source", b"/somewhere"),
                ("ce_time", b"2026-01-05T09:30:00Z"),
            ],
            b'{"sequence": "not a number"}',
            id="payload-breaks-the-contract",
        ),
    ],
)
async def test_a_malformed_message_is_dead_lettered_at_once_and_the_consumer_carries_on(
    consumer: EventConsumer,
    tally_engine: AsyncEngine,
    dead_letter_box: RecordingTransport,
    headers: list[tuple[str, bytes]],
    value: bytes,
) -> None:
    malformed = Received(Message(ProbePinged.topic, "k", headers, value), 0, 7)

    applied = await consumer.apply_batch([malformed, *delivered(ping(1), first_offset=8)])

    assert applied == 1
    [dead] = dead_letter_box.published
    assert (dead.topic, dead.value) == (f"{ProbePinged.topic}.dlq", value)
    assert (dead.header("dlq_error") or "").startswith("malformed:")
    tally = await read_tally(tally_engine)
    assert tally.sequences == {SUBJECT: [1]}
    assert len(tally.dead_letters) == 1


async def test_an_event_nobody_here_handles_is_recorded_and_skipped(
    consumer: EventConsumer, tally_engine: AsyncEngine, dead_letter_box: RecordingTransport
) -> None:
    [received] = delivered(ping(1))
    headers = [
        (name, b"continuum.elsewhere.SomethingHappened.v1" if name == "ce_type" else v)
        for name, v in received.message.headers
    ]
    unknown = Received(Message("elsewhere.things", "k", headers, b"{}"), 0, 1)

    assert await consumer.apply_batch([unknown]) == 0

    assert dead_letter_box.published == []
    assert (await read_tally(tally_engine)).inbox == {"ignored": 1}
