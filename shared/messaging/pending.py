"""Writes a handler defers to the end of its unit of work, then sends as one executemany per statement.

A batch of events becomes a few round trips instead of one per event. The consumer discards pending writes
before each unit of work and flushes them inside its savepoint, so a failed unit leaves nothing behind.
Writes under one key keep their order; different keys must not depend on each other's order.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

_PENDING = "continuum.pending_writes"


def defer(session: AsyncSession, key: Hashable, statement: Executable, row: dict[str, Any]) -> None:
    pending: dict[Hashable, tuple[Executable, list[dict[str, Any]]]] = session.info.setdefault(_PENDING, {})
    if key in pending:
        pending[key][1].append(row)
    else:
        pending[key] = (statement, [row])


async def flush(session: AsyncSession) -> None:
    pending: dict[Hashable, tuple[Executable, list[dict[str, Any]]]] | None = session.info.pop(_PENDING, None)
    for statement, rows in (pending or {}).values():
        await session.execute(statement, rows)


def discard(session: AsyncSession) -> None:
    session.info.pop(_PENDING, None)
