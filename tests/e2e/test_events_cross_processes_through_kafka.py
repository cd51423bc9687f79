"""Distributed mode for real: the probe and the tally in separate processes, events over Kafka, PostgreSQL each.

Every test mirrors one in tests/flows (embedded mode), and kills or cuts off a piece mid-stream, then reconciles:
nothing lost, nothing counted twice, per-key order kept.
"""

from __future__ import annotations

import signal
import time
import uuid

import httpx
import pytest

from shared.events.envelope import envelope_for
from shared.messaging.transport import Message
from tests.e2e.conftest import DistributedPlatform
from tests.support.kafka_tools import Broker, publish_raw, read_topic
from tests.support.polling import eventually
from tests.support.probe_service import ProbePinged
from tests.support.processes import ServiceProcess
from tests.support.tally_reading import Tally, expected

pytestmark = pytest.mark.infra


async def _start(*services: ServiceProcess) -> None:
    for service in services:
        service.start()
    for service in services:
        await service.wait_ready()


async def _ping_all(platform: DistributedPlatform, subjects: dict[uuid.UUID, int]) -> None:
    for sequence in range(1, max(subjects.values()) + 1):
        for subject, count in subjects.items():
            if sequence <= count:
                response = await platform.ping(subject, sequence)
                assert response.status_code == 201, response.text


async def _tallied(platform: DistributedPlatform, subjects: dict[uuid.UUID, int], *, timeout: float = 90) -> Tally:
    """Waits until each subject's last ping is applied; per-partition order means everything before it was too."""

    def complete(tally: Tally) -> bool:
        return all(tally.sequences.get(subject, [])[-1:] == [n] for subject, n in subjects.items())

    return await eventually(platform.read_tally, complete, timeout=timeout, interval=0.1, what=f"pings {subjects}")


async def test_an_event_staged_in_one_process_reaches_a_subscriber_in_another_through_kafka_exactly_once(
    distributed: DistributedPlatform,
) -> None:
    await _start(distributed.probe, distributed.tally)
    subject = uuid.uuid4()

    posted = time.perf_counter()
    response = await distributed.ping(subject, 1)
    tally = await _tallied(distributed, {subject: 1})
    print(f"end-to-end latency (POST to committed effect, polled every 100 ms): {time.perf_counter() - posted:.3f}s")

    assert response.status_code == 201
    assert tally.sequences == {subject: [1]}
    assert tally.counts == {subject: 1}
    assert tally.inbox == {"applied": 1}
    assert await distributed.unpublished() == 0
    [message] = await read_topic(distributed.bootstrap, distributed.topic)
    assert message.header("ce_type") == ProbePinged.type_name()
    assert message.key == str(subject), "events must be keyed by their subject so one subject's facts stay in order"


async def test_a_relay_killed_after_publishing_but_before_marking_delivers_again_and_the_effect_happens_once(
    distributed: DistributedPlatform,
) -> None:
    distributed.tally.start()
    distributed.probe.start(CONTINUUM_TEST_RELAY_CRASH_AFTER_PUBLISH="1")
    await distributed.probe.wait_ready()
    await distributed.tally.wait_ready()
    subject = uuid.uuid4()

    try:
        await distributed.ping(subject, 1)
    except httpx.TransportError:
        pass  # the relay may kill the process before the response is out; the outbox row below is the proof
    assert await distributed.probe.wait_exit() == -signal.SIGKILL, distributed.probe.log_tail()
    assert await distributed.unpublished() == 1, "the row was marked published although the relay died first"
    assert len(await read_topic(distributed.bootstrap, distributed.topic)) == 1, "the broker never got the event"

    await _start(distributed.probe)
    assert (await distributed.ping(subject, 2)).status_code == 201

    tally = await _tallied(distributed, {subject: 2})
    copies = [m for m in await read_topic(distributed.bootstrap, distributed.topic) if m.header("ce_id")]
    first_ping = [m for m in copies if ProbePinged.model_validate_json(m.value).sequence == 1]
    assert len(first_ping) == 2, "the restarted relay did not re-send the unmarked row"
    assert first_ping[0].header("ce_id") == first_ping[1].header("ce_id")
    assert tally.sequences == {subject: [1, 2]}, "the re-sent event took effect twice"
    assert tally.counts == {subject: 2}


async def test_a_consumer_killed_mid_batch_loses_no_effect_and_doubles_none_after_a_restart(
    distributed: DistributedPlatform,
) -> None:
    subjects = {uuid.uuid4(): 30 for _ in range(3)}
    total = sum(subjects.values())
    await _start(distributed.probe)
    await _ping_all(distributed, subjects)
    await eventually(distributed.unpublished, lambda pending: pending == 0, what="every ping to reach Kafka")
    # A slow tally taking small batches from a full topic: the kill lands between commits, inside a batch.
    distributed.tally.start(TALLY_HANDLER_DELAY="0.03", CONTINUUM_CONSUMER_BATCH_SIZE="10")
    await distributed.tally.wait_ready()

    at_kill = await eventually(distributed.read_tally, lambda t: t.applied() >= 20, what="some batches committed")
    distributed.tally.kill()
    after_kill = await distributed.read_tally()
    assert after_kill.applied() < total, "the kill landed after the stream ended; the test proved nothing"

    await _start(distributed.tally)

    tally = await _tallied(distributed, subjects)
    assert at_kill.applied() >= 20
    assert tally.sequences == expected(subjects), "an effect was lost or doubled across the kill"
    assert tally.counts == dict.fromkeys(subjects, 30)
    assert tally.doubled_events() == []


async def test_writes_are_accepted_while_the_broker_is_down_and_delivered_in_per_key_order_once_it_is_back(
    distributed: DistributedPlatform,
) -> None:
    await _start(distributed.probe, distributed.tally)
    warm_up = uuid.uuid4()
    await distributed.ping(warm_up, 1)
    await _tallied(distributed, {warm_up: 1})
    subjects = {uuid.uuid4(): 10 for _ in range(3)}
    broker = Broker(distributed.bootstrap)

    await broker.stop()
    try:
        await _ping_all(distributed, subjects)
        assert await distributed.unpublished() == 30, "rows left the outbox while the broker was down"
        assert distributed.probe.alive(), distributed.probe.log_tail()
    finally:
        await broker.start()

    tally = await _tallied(distributed, {warm_up: 1, **subjects}, timeout=120)
    assert tally.sequences == expected({warm_up: 1, **subjects}), "events were lost, doubled or reordered within a key"
    assert await distributed.unpublished() == 0


async def test_a_poison_message_lands_in_the_dead_letter_topic_and_the_consumer_carries_on(
    distributed: DistributedPlatform,
) -> None:
    await _start(distributed.probe, distributed.tally)
    subject = uuid.uuid4()
    garbage = Message(distributed.topic, str(subject), [("ce_specversion", b"1.0")], b"\x00 not an event")
    breaks_contract = envelope_for(
        ProbePinged(ping_id=uuid.uuid4(), subject_id=subject, sequence=1), source="/elsewhere", correlation_id=None
    )
    await publish_raw(
        distributed.bootstrap,
        [garbage, Message(distributed.topic, str(subject), breaks_contract.to_headers(), b'{"sequence": "first"}')],
    )
    assert (await distributed.ping(subject, 1, explode=True)).status_code == 201
    assert (await distributed.ping(subject, 2)).status_code == 201

    tally = await _tallied(distributed, {subject: 2})

    dead = await read_topic(distributed.bootstrap, f"{distributed.topic}.dlq")
    assert [(m.header("dlq_error") or "").split(":")[0] for m in dead] == ["malformed", "malformed", "ProbeExploded"]
    assert dead[0].value == garbage.value
    assert len(tally.dead_letters) == 3
    assert tally.sequences == {subject: [2]}, "the consumer did not carry on after the poison messages"
