"""What a transport must do. Kafka in distributed mode, a local log in embedded mode; the rest is shared."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from shared.events.envelope import Headers


@dataclass(frozen=True, slots=True)
class Message:
    topic: str
    key: str
    headers: Headers
    value: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers or ():
            if key == name:
                return value.decode("utf-8", "replace")
        return None


@dataclass(frozen=True, slots=True)
class Received:
    message: Message
    partition: int
    offset: int


class TransportUnavailable(RuntimeError):
    """The broker cannot be reached now; the caller keeps its rows and tries again later."""


class Subscription(Protocol):
    async def fetch(self, max_records: int, timeout: float) -> list[Received]: ...

    async def commit(self, received: Sequence[Received]) -> None: ...

    async def lag(self) -> int: ...

    async def end_offsets(self) -> dict[str, int]:
        """Where each partition of the subscription ends now: `topic/partition` → the offset after its last event."""
        ...

    async def positions(self) -> dict[str, int]:
        """The offset this subscription reads next in each partition (the same keys as `end_offsets`)."""
        ...

    async def lag_by_partition(self) -> dict[tuple[str, int], int]:
        """Events not yet fetched, by (topic, partition) of those assigned to this subscription."""
        ...

    async def close(self) -> None: ...


class Transport(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def ensure_topics(self, partitions: dict[str, int]) -> None: ...

    async def publish(self, messages: Sequence[Message]) -> None:
        """Returns only when every message is durably accepted, in order per key."""
        ...

    async def subscribe(self, group: str, topics: Sequence[str], *, from_beginning: bool = False) -> Subscription: ...

    async def healthy(self) -> bool: ...

    async def group_members(self, group: str) -> int:
        """How many consumers are live in the group now (0 when the transport cannot tell)."""
        ...
