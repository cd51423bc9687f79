"""The benchmarks' own bulk path into a service's real tables: COPY in batches (or copies made inside PostgreSQL),
with the keys and indexes set aside while loading and made again from their own definitions after (as a restore
would), then ANALYZE. Only for history the benchmark needs in volume; everything a benchmark measures goes through
the service's API."""

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
    """Sets the tables' indexes and keys aside while loading, as a restore does: the foreign keys from and to the
    tables, their primary and unique keys and the other indexes are dropped, and made again from their own
    definitions on the way out (keys built in one sort each, the foreign keys checked once over all rows)."""
    indexes = await connection.fetch(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           JOIN pg_class c ON c.relname = i.indexname
           WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
             AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)""",
        list(tables),
    )
    keys = await connection.fetch(
        """SELECT k.conrelid::regclass::text AS owner, k.conname, k.contype, pg_get_constraintdef(k.oid) AS definition
           FROM pg_constraint k
           WHERE k.contype IN ('p', 'u', 'f')
             AND (k.conrelid::regclass::text = ANY($1::text[]) OR k.confrelid::regclass::text = ANY($1::text[]))
           ORDER BY k.contype = 'f' DESC""",
        list(tables),
    )
    for key in keys:
        await connection.execute(f'ALTER TABLE {key["owner"]} DROP CONSTRAINT "{key["conname"]}"')
    for row in indexes:
        await connection.execute(f'DROP INDEX "{row["indexname"]}"')
    try:
        yield
    finally:
        started = time.perf_counter()
        await connection.execute("SET maintenance_work_mem = '256MB'")
        for key in reversed(keys):
            owner, name, definition = key["owner"], key["conname"], key["definition"]
            await connection.execute(f'ALTER TABLE {owner} ADD CONSTRAINT "{name}" {definition}')
        for row in indexes:
            await connection.execute(row["indexdef"])
        for table in tables:
            await connection.execute(f'ANALYZE "{table}"')
        loaded.index_seconds = time.perf_counter() - started


async def copies_with_new_ids(connection: asyncpg.Connection, tables: Sequence[str], copies: range) -> dict[str, int]:
    """Copies number `copies` of the rows the tables held when first called, made inside PostgreSQL: every uuid
    becomes md5(uuid:copy), so references between the tables hold within a copy and no copy meets another or the
    original. Volume at the speed of the server, not of Python building rows one by one."""
    added: dict[str, int] = {}
    for table in tables:
        original = f"original_{table}"
        await connection.execute(f'CREATE TEMP TABLE IF NOT EXISTS "{original}" AS TABLE "{table}"')
        columns = await connection.fetch(
            """SELECT column_name, data_type FROM information_schema.columns
               WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position""",
            table,
        )
        names = ", ".join(f'"{c["column_name"]}"' for c in columns)
        values = ", ".join(
            f"""md5("{c["column_name"]}"::text || ':' || k)::uuid"""
            if c["data_type"] == "uuid"
            else f'"{c["column_name"]}"'
            for c in columns
        )
        status = await connection.execute(
            f'INSERT INTO "{table}" ({names}) SELECT {values} '
            f'FROM "{original}", generate_series($1::int, $2::int) AS k',
            copies.start,
            copies.stop - 1,
        )
        added[table] = int(status.rsplit(" ", 1)[1])
    return added
