"""The relay against the real broker: a large outbox drains into Kafka, every event exactly once, in order per key."""

from __future__ import annotations

import time
import uuid
from collections import Counter

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from shared.db import create_engine
from shared.messaging.kafka import KafkaTransport
from shared.messaging.relay import Relay
from shared.runtime.migrations import upgrade_to_head
from tests.support import probe_service
from tests.support.kafka_tools import read_topic
from tests.support.probe_service import ProbePinged, platform, unit_of_work

pytestmark = pytest.mark.infra

EVENTS = 3000
SUBJECTS = 30


async def test_the_relay_drains_a_large_outbox_into_kafka_with_every_event_once_and_in_order_per_key(
    kafka_bootstrap: str, fresh_database: str
) -> None:
    topic = f"probe.relay.{uuid.uuid4().hex[:10]}"
    engine = create_engine(fresh_database)
    transport = KafkaTransport(kafka_bootstrap, client_id="relay-test")
    try:
        await upgrade_to_head(probe_service.service, engine)
        subjects = [uuid.uuid4() for _ in range(SUBJECTS)]
        async with async_sessionmaker(engine)() as session:
            uow = unit_of_work(session)
            uow.publish(
                *(
                    ProbePinged(ping_id=uuid.uuid4(), subject_id=subjects[n % SUBJECTS], sequence=n // SUBJECTS + 1)
                    for n in range(EVENTS)
                )
            )
            await uow.flush()
            # A topic of this test's own, so the count below is this run's and nobody else's.
            await session.execute(platform.outbox.update().values(topic=topic))
            await uow.commit()
        await transport.start()
        await transport.ensure_topics({topic: 3})
        relay = Relay("probe", engine, platform, transport)

        started = time.perf_counter()
        while await relay.publish_pending():
            pass
        elapsed = time.perf_counter() - started

        assert await relay.pending() == 0
    finally:
        await transport.stop()
        await engine.dispose()
    print(f"relay throughput, outbox to Kafka (acks=all, idempotent): {EVENTS / elapsed:,.0f} events/s")

    messages = await read_topic(kafka_bootstrap, topic)
    copies = Counter(message.header("ce_id") for message in messages)
    assert len(copies) == EVENTS, "an event never reached Kafka"
    assert max(copies.values()) == 1, "an event was published twice"
    by_subject: dict[str, list[int]] = {}
    for message in messages:
        by_subject.setdefault(message.key, []).append(ProbePinged.model_validate_json(message.value).sequence)
    assert all(sequences == sorted(sequences) for sequences in by_subject.values()), "a key's events were reordered"
    assert len(by_subject) == SUBJECTS
