"""The embedded transport: an append-only log in a local SQLite file, read by consumer groups like Kafka.

It survives a restart (acknowledged events are not lost) and keeps history, so read models can be replayed.
One partition per topic: per-key order holds because the whole topic is in order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db import create_engine
from shared.messaging.tables import BigId
from shared.messaging.transport import Message, Received

_metadata = sa.MetaData()
_log = sa.Table(
    "log",
    _metadata,
    sa.Column("offset", BigId, primary_key=True, autoincrement=True),
    sa.Column("topic", sa.String(200), nullable=False, index=True),
    sa.Column("key", sa.String(200), nullable=False),
    sa.Column("headers", sa.JSON, nullable=False),
    sa.Column("value", sa.LargeBinary, nullable=False),
)
_offsets = sa.Table(
    "group_offsets",
    _metadata,
    sa.Column("group_id", sa.String(200), primary_key=True),
    sa.Column("topic", sa.String(200), primary_key=True),
    sa.Column("committed", sa.BigInteger, nullable=False),
)


class LocalSubscription:
    def __init__(self, transport: LocalLogTransport, group: str, topics: Sequence[str], start: dict[str, int]) -> None:
        self.transport = transport
        self.group = group
        self.topics = list(topics)
        self.position = start

    async def fetch(self, max_records: int, timeout: float) -> list[Received]:
        appended = self.transport.appended
        received = await self._read(max_records)
        if received:
            return received
        try:
            await asyncio.wait_for(appended.wait(), timeout)
        except TimeoutError:
            return []
        return await self._read(max_records)

    async def _read(self, max_records: int) -> list[Received]:
        unread = sa.or_(*(sa.and_(_log.c.topic == t, _log.c.offset > self.position.get(t, 0)) for t in self.topics))
        query = sa.select(_log).where(unread).order_by(_log.c.offset).limit(max_records)
        async with self.transport.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        received = [
            Received(Message(r.topic, r.key, [(k, v.encode()) for k, v in r.headers], r.value), 0, r.offset)
            for r in rows
        ]
        for item in received:
            self.position[item.message.topic] = item.offset
        return received

    async def commit(self, received: Sequence[Received]) -> None:
        latest: dict[str, int] = {}
        for item in received:
            latest[item.message.topic] = max(latest.get(item.message.topic, 0), item.offset)
        async with self.transport.engine.begin() as connection:
            for topic, offset in latest.items():
                updated = await connection.execute(
                    _offsets.update()
                    .where(_offsets.c.group_id == self.group, _offsets.c.topic == topic)
                    .values(committed=offset)
                )
                if updated.rowcount == 0:
                    await connection.execute(
                        _offsets.insert().values(group_id=self.group, topic=topic, committed=offset)
                    )

    async def lag(self) -> int:
        return sum((await self.lag_by_partition()).values())

    async def lag_by_partition(self) -> dict[tuple[str, int], int]:
        lags: dict[tuple[str, int], int] = {}
        async with self.transport.engine.connect() as connection:
            for topic in self.topics:
                query = sa.select(sa.func.count()).where(
                    _log.c.topic == topic, _log.c.offset > self.position.get(topic, 0)
                )
                lags[(topic, 0)] = int((await connection.execute(query)).scalar_one())
        return lags

    async def end_offsets(self) -> dict[str, int]:
        query = sa.select(_log.c.topic, sa.func.max(_log.c.offset)).where(_log.c.topic.in_(self.topics))
        async with self.transport.engine.connect() as connection:
            rows = (await connection.execute(query.group_by(_log.c.topic))).all()
        last = {topic: int(offset) for topic, offset in rows}
        return {f"{topic}/0": last.get(topic, 0) + 1 for topic in self.topics}

    async def positions(self) -> dict[str, int]:
        return {f"{topic}/0": self.position.get(topic, 0) + 1 for topic in self.topics}

    async def close(self) -> None:
        return None


class LocalLogTransport:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: AsyncEngine = create_engine(url)
        self.appended = asyncio.Event()

    async def start(self) -> None:
        async with self.engine.begin() as connection:
            await connection.run_sync(_metadata.create_all)

    async def stop(self) -> None:
        await self.engine.dispose()

    async def ensure_topics(self, partitions: dict[str, int]) -> None:
        return None

    async def publish(self, messages: Sequence[Message]) -> None:
        if not messages:
            return
        rows = [
            {"topic": m.topic, "key": m.key, "headers": [[k, v.decode()] for k, v in m.headers], "value": m.value}
            for m in messages
        ]
        async with self.engine.begin() as connection:
            await connection.execute(_log.insert(), rows)
        # Wake every waiting subscription, then re-arm for the next append.
        self.appended.set()
        self.appended = asyncio.Event()

    async def subscribe(self, group: str, topics: Sequence[str], *, from_beginning: bool = False) -> LocalSubscription:
        start = {topic: 0 for topic in topics}
        if not from_beginning:
            async with self.engine.connect() as connection:
                rows = await connection.execute(sa.select(_offsets).where(_offsets.c.group_id == group))
                for row in rows:
                    if row.topic in start:
                        start[row.topic] = row.committed
        return LocalSubscription(self, group, topics, start)

    async def healthy(self) -> bool:
        return True

    async def group_members(self, group: str) -> int:
        return 0
