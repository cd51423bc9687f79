"""One active relay per service: a PostgreSQL advisory lock held on a dedicated connection.

SQLite (embedded mode) has one process, so the relay there is always the leader.
"""

from __future__ import annotations

import zlib

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class Leadership:
    def __init__(self, engine: AsyncEngine, name: str) -> None:
        self.engine = engine
        self.lock_id = zlib.crc32(name.encode())
        self._connection: AsyncConnection | None = None

    async def acquire(self) -> bool:
        if self.engine.dialect.name != "postgresql":
            return True
        if self._connection is not None:
            try:
                await self._connection.execute(sa.text("SELECT 1"))
                # Never leave the lock's connection idle in a transaction: it would hold back VACUUM for as long
                # as this relay leads.
                await self._connection.commit()
                return True
            except Exception:  # noqa: BLE001 - a lost connection means a lost lock; try to win it again
                await self.release()
        connection = await self.engine.connect()
        try:
            won = (await connection.execute(sa.text("SELECT pg_try_advisory_lock(:id)"), {"id": self.lock_id})).scalar()
            await connection.commit()
        except BaseException:
            await connection.invalidate()
            await connection.close()
            raise
        if won:
            self._connection = connection
            return True
        await connection.close()
        return False

    async def release(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                # The lock belongs to the database session: returned to the pool, the connection would keep it,
                # and no relay could lead until the engine was disposed. Closing the session releases it.
                await connection.invalidate()
                await connection.close()
            except Exception:  # noqa: BLE001, S110 - closing a broken connection has nothing left to release
                pass
