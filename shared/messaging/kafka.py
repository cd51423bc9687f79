"""Kafka transport (aiokafka): an idempotent producer with acks=all, and consumers committing offsets by hand."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from shared.messaging.transport import Message, Received, TransportUnavailable


class KafkaSubscription:
    def __init__(self, consumer: AIOKafkaConsumer) -> None:
        self.consumer = consumer

    async def fetch(self, max_records: int, timeout: float) -> list[Received]:
        by_partition = await self.consumer.getmany(timeout_ms=int(timeout * 1000), max_records=max_records)
        received: list[Received] = []
        for partition, records in by_partition.items():
            received.extend(
                Received(
                    Message(partition.topic, (r.key or b"").decode(), list(r.headers or ()), r.value or b""),
                    partition.partition,
                    r.offset,
                )
                for r in records
            )
        return received

    async def commit(self, received: Sequence[Received]) -> None:
        offsets: dict[TopicPartition, int] = {}
        for item in received:
            partition = TopicPartition(item.message.topic, item.partition)
            offsets[partition] = max(offsets.get(partition, 0), item.offset + 1)
        if offsets:
            await self.consumer.commit(offsets)

    async def lag(self) -> int:
        return sum((await self.lag_by_partition()).values())

    async def lag_by_partition(self) -> dict[tuple[str, int], int]:
        """Records not yet fetched: from the high watermarks the consumer already knows, else asked of the broker."""
        assignment = sorted(self.consumer.assignment())
        unknown = [partition for partition in assignment if self.consumer.highwater(partition) is None]
        asked = await self.consumer.end_offsets(unknown) if unknown else {}
        lags: dict[tuple[str, int], int] = {}
        for partition in assignment:
            end = self.consumer.highwater(partition)
            end = asked.get(partition) if end is None else end
            if end is not None:
                position = await self.consumer.position(partition)
                lags[(partition.topic, partition.partition)] = max(end - position, 0)
        return lags

    async def end_offsets(self) -> dict[str, int]:
        partitions = sorted(self.consumer.assignment())
        ends = await self.consumer.end_offsets(partitions)
        return {f"{p.topic}/{p.partition}": int(ends[p]) for p in partitions}

    async def positions(self) -> dict[str, int]:
        return {
            f"{p.topic}/{p.partition}": int(await self.consumer.position(p)) for p in sorted(self.consumer.assignment())
        }

    async def close(self) -> None:
        await self.consumer.stop()


class KafkaTransport:
    def __init__(self, bootstrap_servers: str, client_id: str) -> None:
        self.bootstrap_servers = bootstrap_servers
        self.client_id = client_id
        self._producer: AIOKafkaProducer | None = None
        self._producer_lock = asyncio.Lock()

    async def start(self) -> None:
        try:
            await self._ensure_producer()
        except TransportUnavailable:
            pass  # the relay keeps rows in the outbox and retries; the service still accepts writes

    async def stop(self) -> None:
        if self._producer is not None:
            producer, self._producer = self._producer, None
            await producer.stop()

    async def _ensure_producer(self) -> AIOKafkaProducer:
        async with self._producer_lock:
            if self._producer is None:
                producer = AIOKafkaProducer(
                    bootstrap_servers=self.bootstrap_servers,
                    client_id=self.client_id,
                    acks="all",
                    enable_idempotence=True,
                    linger_ms=2,
                    max_batch_size=256 * 1024,
                    request_timeout_ms=15000,
                )
                try:
                    await producer.start()
                except KafkaError as unreachable:
                    await producer.stop()
                    raise TransportUnavailable(str(unreachable)) from unreachable
                self._producer = producer
            return self._producer

    async def publish(self, messages: Sequence[Message]) -> None:
        producer = await self._ensure_producer()
        try:
            deliveries = [
                await producer.send(m.topic, m.value, key=m.key.encode(), headers=list(m.headers)) for m in messages
            ]
            await asyncio.gather(*deliveries)
        except KafkaError as failure:
            # A producer that failed may never send again: after a broker restart the idempotent producer's
            # sequence numbers can be out of order for good (OutOfOrderSequenceNumber). The next publish starts a
            # new one; what was sent twice meanwhile the consumers' inboxes drop.
            await self._discard(producer)
            raise TransportUnavailable(f"{type(failure).__name__}: {failure}") from failure

    async def _discard(self, producer: AIOKafkaProducer) -> None:
        async with self._producer_lock:
            if self._producer is producer:
                self._producer = None
        with contextlib.suppress(Exception):
            await asyncio.wait_for(producer.stop(), timeout=5.0)

    async def ensure_topics(self, partitions: dict[str, int]) -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap_servers, client_id=f"{self.client_id}-admin")
        await admin.start()
        try:
            existing = set(await admin.list_topics())
            # Domain topics keep their history so read models can be rebuilt from the beginning.
            keep = {"retention.ms": "-1"}
            wanted = [
                NewTopic(name, count, 1, topic_configs=keep)
                for name, count in partitions.items()
                if name not in existing
            ]
            if wanted:
                try:
                    await admin.create_topics(wanted)
                except TopicAlreadyExistsError:
                    pass  # another service created it first
        finally:
            await admin.close()

    async def subscribe(self, group: str, topics: Sequence[str], *, from_beginning: bool = False) -> KafkaSubscription:
        consumer = AIOKafkaConsumer(
            *topics,
            bootstrap_servers=self.bootstrap_servers,
            client_id=f"{self.client_id}-{group}",
            group_id=group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=4 * 1024 * 1024,
            fetch_max_wait_ms=100,
        )
        await consumer.start()
        if from_beginning:
            await consumer.seek_to_beginning()
        return KafkaSubscription(consumer)

    async def healthy(self) -> bool:
        return self._producer is not None

    async def group_members(self, group: str) -> int:
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap_servers, client_id=f"{self.client_id}-admin")
        await admin.start()
        try:
            responses = await admin.describe_consumer_groups([group])
            return sum(len(described[5]) for response in responses for described in response.groups)
        except KafkaError:
            return 0
        finally:
            await admin.close()
