"""The domain topics for a benchmark: emptied between runs, and filled straight from synthetic events.

Events go out as allocation's relay would send them: CloudEvents in binary mode, keyed by child (or pod,
worker), in per-key order; batches are built by hand per partition because that is several times faster
than one `send` per event.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.partitioner import murmur2

from shared.events.base import Event
from shared.events.envelope import envelope_for
from shared.events.topology import topic_partitions

SOURCE = "/continuum/allocation"
BATCH_BYTES = 512 * 1024


async def reset_topics(bootstrap: str, *, extra: Iterable[str] = ()) -> None:
    """Deletes and recreates every domain topic (Kafka drops the committed offsets of deleted topics)."""
    layout = topic_partitions()
    names = set(layout) | set(extra)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="bench-admin")
    await admin.start()
    try:
        doomed = [name for name in await admin.list_topics() if name in names]
        if doomed:
            await admin.delete_topics(doomed)
        deadline = time.monotonic() + 60
        while set(await admin.list_topics()) & set(doomed):
            if time.monotonic() > deadline:
                raise RuntimeError(f"topics still there after 60 s: {doomed}")
            await asyncio.sleep(0.2)
        wanted = [NewTopic(name, count, 1, topic_configs={"retention.ms": "-1"}) for name, count in layout.items()]
        wanted += [NewTopic(name, 1, 1) for name in extra]
        for _ in range(100):
            try:
                await admin.create_topics(wanted)
                break
            except Exception:  # noqa: BLE001 - a deleted topic's name may be briefly unavailable
                await asyncio.sleep(0.2)
        else:
            raise RuntimeError("could not recreate the benchmark topics")
        for _ in range(300):
            if names <= set(await admin.list_topics()):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)  # let every broker metadata cache see the new topics
    finally:
        await admin.close()


async def produce(bootstrap: str, events: Iterable[Event]) -> int:
    """Publishes the events and waits until the broker has them all; returns how many were sent."""
    partitions = topic_partitions()
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        client_id="bench-history",
        acks="all",
        enable_idempotence=True,
        max_batch_size=BATCH_BYTES,
        max_request_size=4 * BATCH_BYTES,
        linger_ms=5,
    )
    await producer.start()
    builders: dict[tuple[str, int], object] = {}
    deliveries: list[asyncio.Future[object]] = []
    sent, last_key, partition = 0, b"", 0
    try:
        for event in events:
            envelope = envelope_for(event, source=SOURCE, correlation_id=None)
            key = event.key.encode()
            topic = event.topic
            if key != last_key:  # a child's events come together: hash once per child
                partition, last_key = (murmur2(key) & 0x7FFFFFFF) % partitions[topic], key
            builder = builders.get((topic, partition)) or producer.create_batch()
            if builder.append(key=key, value=envelope.data, timestamp=None, headers=envelope.to_headers()) is None:
                deliveries.append(await producer.send_batch(builder, topic, partition=partition))
                builder = producer.create_batch()
                builder.append(key=key, value=envelope.data, timestamp=None, headers=envelope.to_headers())
            builders[(topic, partition)] = builder
            sent += 1
            if len(deliveries) > 64:
                await asyncio.gather(*deliveries)
                deliveries.clear()
        for (topic, partition), builder in builders.items():
            if builder.record_count():
                deliveries.append(await producer.send_batch(builder, topic, partition=partition))
        await asyncio.gather(*deliveries)
    finally:
        await producer.stop()
    return sent


async def count_on_topics(bootstrap: str) -> int:
    """How many events the domain topics hold (end offsets summed)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, client_id="bench-count")
    await consumer.start()
    try:
        layout = {name: count for name, count in topic_partitions().items() if not name.endswith(".dlq")}
        assigned = [TopicPartition(name, p) for name, count in layout.items() for p in range(count)]
        return sum((await consumer.end_offsets(assigned)).values())
    finally:
        await consumer.stop()
