"""Transports for fault tests: one that records what it is asked to publish, one that wraps a real one and breaks."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from shared.messaging.transport import Message, Subscription, Transport, TransportUnavailable


class SimulatedCrash(asyncio.CancelledError):
    """The process died here: no `except Exception` in the runtime catches it, and stopping treats it as killed."""


class RecordingTransport:
    """Publishes nowhere; remembers every message, and which publisher sent it, in order."""

    def __init__(self, *, delay: float = 0.0) -> None:
        self.delay = delay
        self.published: list[Message] = []
        self.publishers: list[str] = []

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def ensure_topics(self, partitions: dict[str, int]) -> None:
        return None

    async def publish(self, messages: Sequence[Message], *, publisher: str = "") -> None:
        if self.delay:
            await asyncio.sleep(self.delay)
        self.published.extend(messages)
        self.publishers.extend(publisher for _ in messages)

    async def subscribe(self, group: str, topics: Sequence[str], *, from_beginning: bool = False) -> Subscription:
        raise NotImplementedError("a RecordingTransport only records publishing")

    async def healthy(self) -> bool:
        return True

    async def group_members(self, group: str) -> int:
        return 0

    def event_ids(self) -> list[str]:
        return [message.header("ce_id") or "" for message in self.published]


class NamedPublisher:
    """One relay's view of a shared RecordingTransport, so the recording says which relay published what."""

    def __init__(self, recording: RecordingTransport, name: str) -> None:
        self.recording = recording
        self.name = name

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def ensure_topics(self, partitions: dict[str, int]) -> None:
        return None

    async def publish(self, messages: Sequence[Message]) -> None:
        await self.recording.publish(messages, publisher=self.name)

    async def subscribe(self, group: str, topics: Sequence[str], *, from_beginning: bool = False) -> Subscription:
        raise NotImplementedError

    async def healthy(self) -> bool:
        return True

    async def group_members(self, group: str) -> int:
        return 0


class FaultyTransport:
    """A real transport that can be taken down (publish fails) or made to die right after a publish succeeds."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.down = False
        self.crash_after_publish = False
        self.refused = 0

    async def start(self) -> None:
        await self.inner.start()

    async def stop(self) -> None:
        await self.inner.stop()

    async def ensure_topics(self, partitions: dict[str, int]) -> None:
        await self.inner.ensure_topics(partitions)

    async def publish(self, messages: Sequence[Message]) -> None:
        if self.down:
            self.refused += 1
            raise TransportUnavailable("the broker is down (simulated)")
        await self.inner.publish(messages)
        if self.crash_after_publish:
            self.crash_after_publish = False
            raise SimulatedCrash("killed after publishing, before marking the rows published")

    async def subscribe(self, group: str, topics: Sequence[str], *, from_beginning: bool = False) -> Subscription:
        return await self.inner.subscribe(group, topics, from_beginning=from_beginning)

    async def healthy(self) -> bool:
        return not self.down and await self.inner.healthy()

    async def group_members(self, group: str) -> int:
        return await self.inner.group_members(group)
