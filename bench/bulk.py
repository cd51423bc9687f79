"""The benchmarks' own bulk path into a service's real tables: COPY in batches, with the secondary indexes set
aside while loading and rebuilt from their own definitions after (as a restore would), then ANALYZE. Only for
history the benchmark needs in volume; everything a benchmark measures goes through the service's API."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import asyncpg

Row = tuple[Any, ...]


@dataclass
class Loaded:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    index_seconds: float = 0.0

    def count(self, table: str) -> int:
        return self.rows.get(table, 0)


async def copy(connection: asyncpg.Connection, table: str, columns: Sequence[str], rows: Iterable[Row]) -> int:
    records = list(rows)
    if records:
        await connection.copy_records_to_table(table, records=records, columns=list(columns))
    return len(records)


@asynccontextmanager
async def indexes_set_aside(
    connection: asyncpg.Connection, tables: Sequence[str], loaded: Loaded
) -> AsyncIterator[None]:
    """Drops the tables' indexes that back no constraint, and recreates them (same definitions) on the way out."""
    definitions = await connection.fetch(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           JOIN pg_class c ON c.relname = i.indexname
           WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
             AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)""",
        list(tables),
    )
    for row in definitions:
        await connection.execute(f'DROP INDEX "{row["indexname"]}"')
    try:
        yield
    finally:
        started = time.perf_counter()
        await connection.execute("SET maintenance_work_mem = '256MB'")
        for row in definitions:
            await connection.execute(row["indexdef"])
        for table in tables:
            await connection.execute(f'ANALYZE "{table}"')
        loaded.index_seconds = time.perf_counter() - started
