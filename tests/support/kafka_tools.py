"""Looking at the real broker from a test: read a topic from the beginning, write a raw message, stop and start it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
import uuid
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.messaging.transport import Message

REPOSITORY = Path(__file__).resolve().parents[2]


async def read_topic(bootstrap: str, topic: str, *, timeout: float = 30.0) -> list[Message]:
    """Every message in `topic` so far, in order within each partition, read by a throwaway group."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"reader-{uuid.uuid4()}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    messages: list[Message] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            for partition, records in (await consumer.getmany(timeout_ms=200)).items():
                messages.extend(
                    Message(partition.topic, (r.key or b"").decode(), list(r.headers or ()), r.value or b"")
                    for r in records
                )
            assigned = consumer.assignment()
            if assigned:
                ends = await consumer.end_offsets(list(assigned))
                if all([await consumer.position(p) >= ends[p] for p in assigned]):
                    return messages
        raise AssertionError(f"could not read {topic} to its end within {timeout:.0f}s")
    finally:
        await consumer.stop()


async def publish_raw(bootstrap: str, messages: list[Message]) -> None:
    """Writes straight to the broker, past every outbox: how a poison message arrives from a foreign producer."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for message in messages:
            await producer.send_and_wait(
                message.topic, message.value, key=message.key.encode(), headers=list(message.headers)
            )
    finally:
        await producer.stop()


class Broker:
    """The broker the tests run against, driven by the project's own script on the same ports."""

    def __init__(self, bootstrap: str) -> None:
        port = bootstrap.rsplit(":", 1)[1]
        self.environment = {
            **os.environ,
            "KAFKA_PORT": port,
            "KAFKA_CONTROLLER_PORT": os.environ.get("KAFKA_CONTROLLER_PORT", str(int(port) + 1)),
        }

    async def stop(self) -> None:
        await self._script("stop")

    async def start(self) -> None:
        await self._script("start")

    async def kill(self) -> None:
        """SIGKILL: the broker may lose what it had not flushed, producers' sequence state included."""
        await self._script("kill")

    async def _script(self, command: str) -> None:
        script = REPOSITORY / "deploy" / "kafka" / "kafka.sh"
        done = await asyncio.to_thread(
            subprocess.run, ["bash", str(script), command], env=self.environment, capture_output=True, text=True
        )
        assert done.returncode == 0, f"kafka.sh {command} failed ({done.returncode}):\n{done.stderr[-3000:]}"
