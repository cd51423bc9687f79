"""Embedded mode (`make run`): the same outbox, relay and inbox over the in-process log, with the same faults.

Each test mirrors one in tests/e2e, where the probe and the tally are separate processes on Kafka and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from shared.events.envelope import envelope_for
from shared.messaging.transport import Message
from tests.support.embedded import EmbeddedPlatform, messages_in_log
from tests.support.polling import eventually
from tests.support.probe_service import ProbePinged
from tests.support.tally_reading import Tally, expected, read_tally

TOPIC = ProbePinged.topic
DEAD_LETTERS = f"{TOPIC}.dlq"


async def _tally(platform: EmbeddedPlatform) -> Tally:
    return await read_tally(platform.reader("tally"))


async def _ping_all(platform: EmbeddedPlatform, subjects: dict[uuid.UUID, int]) -> None:
    """Pings every subject `n` times, in sequence order per subject, interleaving the subjects."""
    for sequence in range(1, max(subjects.values()) + 1):
        for subject, count in subjects.items():
            if sequence <= count:
                response = await platform.ping(subject, sequence)
                assert response.status_code == 201, response.text


async def _settled(platform: EmbeddedPlatform, subjects: dict[uuid.UUID, int]) -> Tally:
    """Waits until the tally has applied every ping, then until nothing more is on its way."""
    total = sum(subjects.values())
    await eventually(lambda: _tally(platform), lambda tally: tally.applied() >= total, what=f"{total} pings tallied")
    await eventually(platform.probe_relay.pending, lambda pending: pending == 0, what="the probe's outbox to drain")
    return await _tally(platform)


async def test_an_event_staged_by_one_service_reaches_the_other_and_takes_effect_once(
    embedded_platform: EmbeddedPlatform,
) -> None:
    subject = uuid.uuid4()

    assert (await embedded_platform.ping(subject, 1)).status_code == 201

    tally = await _settled(embedded_platform, {subject: 1})
    assert tally.sequences == {subject: [1]}
    assert tally.counts == {subject: 1}
    assert tally.inbox == {"applied": 1}


async def test_a_relay_killed_after_publishing_but_before_marking_re_sends_and_the_effect_happens_once(
    embedded_platform: EmbeddedPlatform,
) -> None:
    subject = uuid.uuid4()
    embedded_platform.transport.crash_after_publish = True

    assert (await embedded_platform.ping(subject, 1)).status_code == 201
    relay_task = embedded_platform.probe._tasks["relay"]
    await eventually(relay_task.done, lambda done: done, what="the relay to die after publishing")
    assert len(await messages_in_log(embedded_platform, TOPIC)) == 1, "the relay died before the log had the event"
    assert await embedded_platform.probe_relay.pending() == 1, "the row was marked although the relay died first"
    assert (await embedded_platform.client.get("/health/live")).status_code == 503  # type: ignore[union-attr]

    await embedded_platform.restart()

    tally = await _settled(embedded_platform, {subject: 1})
    copies = [m for m in await messages_in_log(embedded_platform, TOPIC) if m.key == str(subject)]
    assert len(copies) == 2, "the restarted relay did not publish the unmarked row again"
    assert copies[0].header("ce_id") == copies[1].header("ce_id")
    assert tally.sequences == {subject: [1]}, "the re-sent event took effect twice"
    assert tally.counts == {subject: 1}


async def test_a_consumer_killed_mid_batch_loses_nothing_and_doubles_nothing_after_a_restart(
    embedded_platform: EmbeddedPlatform, monkeypatch: pytest.MonkeyPatch
) -> None:
    subjects = {uuid.uuid4(): 20 for _ in range(3)}
    total = sum(subjects.values())
    # Hold every event in the outbox, then release them at once into a slow consumer taking small batches.
    embedded_platform.transport.down = True
    await _ping_all(embedded_platform, subjects)
    monkeypatch.setenv("TALLY_HANDLER_DELAY", "0.02")
    consumer = embedded_platform.tally.consumer
    assert consumer is not None
    consumer.batch_size, beat = 5, consumer.heartbeat
    await eventually(lambda: consumer.heartbeat, lambda now: now > beat, what="the consumer's next, smaller fetch")
    embedded_platform.transport.down = False
    embedded_platform.probe_relay.wake()

    at_kill = await eventually(lambda: _tally(embedded_platform), lambda t: t.applied() >= 10, what="some batches")
    consumer_task = embedded_platform.tally._tasks["consumer"]
    consumer_task.cancel()
    await asyncio.gather(consumer_task, return_exceptions=True)
    assert (await _tally(embedded_platform)).applied() < total, "the kill landed after the stream ended"
    monkeypatch.delenv("TALLY_HANDLER_DELAY")
    await embedded_platform.restart()

    tally = await _settled(embedded_platform, subjects)
    assert at_kill.applied() < total
    assert tally.sequences == expected(subjects), "an effect was lost or doubled across the kill"
    assert tally.counts == dict.fromkeys(subjects, 20)
    assert tally.doubled_events() == []


async def test_writes_are_accepted_while_the_transport_is_down_and_delivered_in_per_key_order_once_it_is_back(
    embedded_platform: EmbeddedPlatform,
) -> None:
    subjects = {uuid.uuid4(): 10 for _ in range(3)}
    embedded_platform.transport.down = True

    await _ping_all(embedded_platform, subjects)

    await eventually(lambda: embedded_platform.transport.refused, lambda n: n >= 1, what="the relay to try and fail")
    assert await embedded_platform.probe_relay.pending() == 30, "rows left the outbox while the broker was down"
    assert (await _tally(embedded_platform)).applied() == 0
    assert (await embedded_platform.client.get("/health/live")).status_code == 200  # type: ignore[union-attr]

    embedded_platform.transport.down = False

    tally = await _settled(embedded_platform, subjects)
    assert tally.sequences == expected(subjects), "events were lost, doubled or reordered within a key"


async def test_a_poison_message_lands_in_the_dead_letter_topic_and_the_consumer_carries_on(
    embedded_platform: EmbeddedPlatform,
) -> None:
    subject = uuid.uuid4()
    garbage = Message(TOPIC, str(subject), [("ce_specversion", b"1.0")], b"\x00 not an event")
    breaks_contract = envelope_for(
        ProbePinged(ping_id=uuid.uuid4(), subject_id=subject, sequence=1), source="/elsewhere", correlation_id=None
    )
    await embedded_platform.transport.inner.publish(
        [garbage, Message(TOPIC, str(subject), breaks_contract.to_headers(), b'{"sequence": "first"}')]
    )
    assert (await embedded_platform.ping(subject, 1, explode=True)).status_code == 201
    assert (await embedded_platform.ping(subject, 2)).status_code == 201

    tally = await eventually(
        lambda: _tally(embedded_platform),
        lambda t: len(t.dead_letters) == 3 and t.applied() == 1,
        timeout=60,
        what="three dead letters and the good ping",
    )

    dead = await messages_in_log(embedded_platform, DEAD_LETTERS)
    assert [m.value for m in dead[:2]] == [garbage.value, b'{"sequence": "first"}']
    assert [(m.header("dlq_error") or "").split(":")[0] for m in dead] == ["malformed", "malformed", "ProbeExploded"]
    assert tally.sequences == {subject: [2]}, "the consumer did not carry on after the poison messages"
