"""Insert-or-merge by primary key, on PostgreSQL and SQLite alike: the one write primitive of a read model kept
from events (a service's view of another's facts)."""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase

from shared.runtime.unit_of_work import UnitOfWork


def merge(uow: UnitOfWork, model: type[DeclarativeBase], **values: Any) -> None:
    """Sets the given columns and leaves the others as they are. Deferred to the end of the batch, where every
    merge into a table goes out in one executemany; a column given as None is left unchanged."""
    table: sa.Table = model.__table__  # type: ignore[assignment]
    statement = _coalescing_merge(table, uow.session.get_bind().dialect.name)
    uow.defer(table.name, statement, {column.name: values.get(column.name) for column in table.columns})


async def merge_now(uow: UnitOfWork, model: type[DeclarativeBase], **values: Any) -> None:
    """Sets exactly the given columns, None included, after every deferred merge: for corrections."""
    await uow.flush()
    table: sa.Table = model.__table__  # type: ignore[assignment]
    await uow.session.execute(_exact_merge(table, uow.session.get_bind().dialect.name, tuple(sorted(values))), values)


@cache
def _coalescing_merge(table: sa.Table, dialect_name: str) -> sa.Insert:
    # One statement shape per table, so every merge into it can share one executemany, in order.
    statement = _dialect(dialect_name).insert(table).values({c.name: sa.bindparam(c.name) for c in table.columns})
    keys = [column.name for column in table.primary_key.columns]
    updates = {
        c.name: sa.func.coalesce(statement.excluded[c.name], table.c[c.name])
        for c in table.columns
        if not c.primary_key
    }
    merged: sa.Insert = statement.on_conflict_do_update(index_elements=keys, set_=updates)
    return merged


@cache
def _exact_merge(table: sa.Table, dialect_name: str, columns: tuple[str, ...]) -> sa.Insert:
    statement = _dialect(dialect_name).insert(table).values({name: sa.bindparam(name) for name in columns})
    keys = [column.name for column in table.primary_key.columns]
    updates = {name: statement.excluded[name] for name in columns if name not in keys}
    merged: sa.Insert = (
        statement.on_conflict_do_update(index_elements=keys, set_=updates)
        if updates
        else statement.on_conflict_do_nothing(index_elements=keys)
    )
    return merged


def _dialect(name: str) -> Any:
    return sqlite if name == "sqlite" else postgresql
