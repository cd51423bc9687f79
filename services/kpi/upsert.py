"""Insert-or-merge by primary key, on PostgreSQL and SQLite alike: the read model's one write primitive."""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase


async def merge(session: AsyncSession, model: type[DeclarativeBase], **values: Any) -> None:
    """Sets the given columns, leaving the others as they are (or at their defaults for a new row)."""
    table: sa.Table = model.__table__  # type: ignore[assignment]
    statement = _merge_statement(table, session.get_bind().dialect.name, tuple(sorted(values)))
    await session.execute(statement, values)


@cache
def _merge_statement(table: sa.Table, dialect_name: str, columns: tuple[str, ...]) -> sa.Insert:
    # Built once per table and set of columns: every event is one execution of an already compiled statement.
    dialect = sqlite if dialect_name == "sqlite" else postgresql
    statement = dialect.insert(table).values({name: sa.bindparam(name) for name in columns})
    keys = [column.name for column in table.primary_key.columns]
    updates = {name: statement.excluded[name] for name in columns if name not in keys}
    merged: sa.Insert = (
        statement.on_conflict_do_update(index_elements=keys, set_=updates)
        if updates
        else statement.on_conflict_do_nothing(index_elements=keys)
    )
    return merged


async def add_to_freshness(session: AsyncSession, table: Any, topic: str, **values: Any) -> None:
    """Moves a topic's freshness forward (never back) and adds to its count of applied events."""
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    statement = dialect.insert(table).values(topic=topic, **values)
    excluded = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=["topic"],
        set_={
            "last_event_time": sa.case(
                (excluded.last_event_time > table.c.last_event_time, excluded.last_event_time),
                else_=table.c.last_event_time,
            ),
            "last_applied_at": excluded.last_applied_at,
            "events_applied": table.c.events_applied + excluded.events_applied,
        },
    )
    await session.execute(statement)
