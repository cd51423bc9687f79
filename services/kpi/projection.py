"""The KPI read model's one write path: a batch's facts merged by key in memory and written once, at its end.

Handlers call `merge` (and `merge_now` for corrections) exactly as they would `shared.runtime.projection`'s: the
values land in the batch's rows in memory, later values winning column by column, just as the upserts would one
after another. At the end of the batch (`write_batch`, an after-each-batch hook) each row goes out once, grouped by
the columns the batch set, so a case opened and closed in one batch is one write, not two.

A value a column cannot hold fails in the handler that gave it (`merge` checks lengths and required columns), so
the consumer dead-letters that one event; nothing the batch writes at its end can fail on data.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase

from services.kpi.children import (
    ALLOCATIONS,
    CHILD,
    CHILD_TABLES,
    COURT,
    FACT_TABLES,
    NATIONAL_YEARS,
    ChildFacts,
    Children,
    episode_of,
    is_episode,
)
from services.kpi.models import READ_MODEL, ChangedMonth, MembershipRow, MonthlyChangeRow, WorkerRow
from services.kpi.rules.contributions import episode_order, monthly_changes, national_years
from services.kpi.rules.facts import CasePeriod, Episode, StatusPeriod
from services.kpi.rules.periods import month_end
from services.kpi.rules.shares import DataQualityWarning
from shared.runtime.unit_of_work import UnitOfWork

Key = tuple[Any, ...]
MONTHLY_CHANGES: sa.Table = MonthlyChangeRow.__table__  # type: ignore[assignment]
CHANGED_MONTHS: sa.Table = ChangedMonth.__table__  # type: ignore[assignment]
STAFF_TABLES: tuple[sa.Table, ...] = (MembershipRow.__table__, WorkerRow.__table__)  # type: ignore[assignment]


class Batch:
    """The rows a batch sets, by table and primary key: for each, only the columns some fact set. An event's
    values are staged until the consumer flushes it, and forgotten if its savepoint is rolled back."""

    def __init__(self) -> None:
        self.rows: dict[sa.Table, dict[Key, dict[str, Any]]] = {}
        self._staged: list[tuple[sa.Table, dict[str, Any], bool]] = []

    def record(self, table: sa.Table, values: dict[str, Any], *, exact: bool) -> None:
        self._staged.append((table, values, exact))

    def accept(self) -> None:
        staged, self._staged = self._staged, []
        for table, values, exact in staged:
            self.put(table, values, exact=exact)

    def forget(self) -> None:
        self._staged.clear()

    def put(self, table: sa.Table, values: dict[str, Any], *, exact: bool) -> None:
        key = tuple([values[name] for name in primary_key(table)])
        row = self.rows.setdefault(table, {}).setdefault(key, {})
        if exact:
            row.update(values)
        else:
            row.update([(name, value) for name, value in values.items() if value is not None])

    def children(self) -> set[str]:
        """The children whose rows the batch sets."""
        return {row["child_id"] for table in CHILD_TABLES for row in self.rows.get(table, {}).values()}


_BATCHES: weakref.WeakKeyDictionary[UnitOfWork, Batch] = weakref.WeakKeyDictionary()


def batch_of(uow: UnitOfWork) -> Batch:
    batch = _BATCHES.get(uow)
    if batch is None:
        batch = _BATCHES[uow] = Batch()
        uow.stage(batch)
    return batch


def merge(uow: UnitOfWork, model: type[DeclarativeBase], **values: Any) -> None:
    """Sets the given columns and leaves the others as they are; a column given as None is left unchanged."""
    table: sa.Table = model.__table__  # type: ignore[assignment]
    _refuse_what_the_table_cannot_hold(table, values)
    batch_of(uow).record(table, values, exact=False)


async def merge_now(uow: UnitOfWork, model: type[DeclarativeBase], **values: Any) -> None:
    """Sets exactly the given columns, None included, after every merge before it: for corrections."""
    table: sa.Table = model.__table__  # type: ignore[assignment]
    _refuse_what_the_table_cannot_hold(table, values)
    batch_of(uow).record(table, values, exact=True)


def _refuse_what_the_table_cannot_hold(table: sa.Table, values: dict[str, Any]) -> None:
    # As the upsert itself would on PostgreSQL: a required column must be given, whether or not the row exists.
    required, lengths, names = _limits(table)
    for name in required:
        if values.get(name) is None:
            raise ValueError(f"{table.name}.{name} is required")
    for name, limit in lengths:
        value = values.get(name)
        if isinstance(value, str) and len(value) > limit:
            raise ValueError(f"{table.name}.{name} holds at most {limit} characters: {value[:60]!r}")
    if not names.issuperset(values):
        raise ValueError(f"{table.name} has no column {sorted(set(values) - names)}")


@cache
def primary_key(table: sa.Table) -> tuple[str, ...]:
    return tuple(column.name for column in table.primary_key.columns)


@cache
def _limits(table: sa.Table) -> tuple[tuple[str, ...], tuple[tuple[str, int], ...], frozenset[str]]:
    """The required columns, the length of each text column that has one, and every column's name."""
    required = tuple(column.name for column in table.columns if not column.nullable)
    lengths = tuple(
        (column.name, column.type.length)
        for column in table.columns
        if isinstance(column.type, sa.String) and column.type.length is not None
    )
    return required, lengths, frozenset(table.columns.keys())


def take_batch(uow: UnitOfWork) -> Batch | None:
    return _BATCHES.pop(uow, None)


async def write_rows(uow: UnitOfWork, table: sa.Table, rows: Iterable[dict[str, Any]]) -> None:
    """Upserts each row's columns (None included), one executemany per set of columns, in key order so that
    two consumers' batches take row locks in the same order."""
    keys = primary_key(table)
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        shapes.setdefault(tuple(sorted(row)), []).append(row)
    dialect = uow.session.get_bind().dialect.name
    for columns, same_shape in sorted(shapes.items()):
        same_shape.sort(key=lambda row: tuple(row[key] for key in keys))
        if dialect == "postgresql":
            # One statement over one array per column: an executemany costs a parameter set (and most of
            # the consumer's CPU) per row.
            arrays = {name: [row[name] for row in same_shape] for name in columns}
            await uow.session.execute(_upsert_arrays(table, columns), arrays)
        else:
            await uow.session.execute(_upsert(table, columns, dialect), same_shape)


@cache
def _upsert(table: sa.Table, columns: tuple[str, ...], dialect: str) -> sa.Insert:
    statement = (sqlite if dialect == "sqlite" else postgresql).insert(table)
    return _on_conflict(statement.values({name: sa.bindparam(name) for name in columns}), table, columns)


@cache
def _upsert_arrays(table: sa.Table, columns: tuple[str, ...]) -> sa.Insert:
    """The upsert of `_upsert` taking each column as an array, the rows unnested in the arrays' order."""
    return _on_conflict(postgresql.insert(table).from_select(columns, _unnested(table, columns)), table, columns)


def _unnested(table: sa.Table, columns: Sequence[str]) -> sa.Select[Any]:
    arrays = [
        sa.cast(sa.bindparam(name, type_=postgresql.ARRAY(table.c[name].type)), postgresql.ARRAY(table.c[name].type))
        for name in columns
    ]
    rows = sa.func.unnest(*arrays).table_valued(*columns).render_derived()
    return sa.select(*[rows.c[name] for name in columns])


def _on_conflict(statement: postgresql.Insert | sqlite.Insert, table: sa.Table, columns: Sequence[str]) -> sa.Insert:
    keys = primary_key(table)
    updates = {name: statement.excluded[name] for name in columns if name not in keys}
    upsert: sa.Insert = (
        statement.on_conflict_do_update(index_elements=keys, set_=updates)
        if updates
        else statement.on_conflict_do_nothing(index_elements=keys)
    )
    return upsert


async def write_batch(uow: UnitOfWork, applied: Sequence[object]) -> None:
    """The after-each-batch hook. The children the batch touched are read as they were and the batch is laid over
    them; every row it set goes out once, with what follows from it: the episodes' order, the children's rows in
    the national measures and their changes to the month-end counts, and the months whose figures moved."""
    batch = take_batch(uow)
    if batch is None:
        return
    batch.accept()
    touched = batch.children()
    await _hold_children(uow, touched)
    # Court rows bear no facts: read only when the batch sets some, to lay it over them.
    tables = [table for table in CHILD_TABLES if table is not COURT or table in batch.rows]
    before = await Children.read(uow.session, touched, tables)
    after = before.with_batch(batch.rows)
    # Facts are built only from rows, so a child none of whose fact rows the batch moved (a redelivery, a
    # court date, a worker's detail) keeps its facts and every contribution that follows from them.
    moved = _moved_children(batch, before, after)
    facts_before, facts_after = before.facts(moved), after.facts(moved)
    changed = sorted(child for child in moved if facts_before[child] != facts_after[child])
    for allocation in _reordered(after, [c for c in changed if facts_before[c].episodes != facts_after[c].episodes]):
        batch.put(ALLOCATIONS, allocation, exact=True)
    _whole_rows(batch, before, after)
    for table, rows in batch.rows.items():
        await write_rows(uow, table, rows.values())
    # A child's national rows follow from its episodes and statuses alone.
    national = {
        child: facts_after[child]
        for child in changed
        if facts_before[child].episodes != facts_after[child].episodes
        or facts_before[child].statuses != facts_after[child].statuses
    }
    await before.read_national(uow.session, national)
    await _write_national_years(uow, before, national)
    monthly = Counter[tuple[date, str, int]]()
    for child in changed:
        monthly.update(_monthly_changes(facts_after[child]))
        monthly.subtract(_monthly_changes(facts_before[child]))
    await _add_monthly_changes(uow, monthly)
    earliest = _earliest_change(batch, before, after, facts_before, facts_after)
    if earliest is not None:
        await _move_changed_month(uow, earliest)
    await _analyze_as_the_tables_fill(uow, len(applied))


def _whole_rows(batch: Batch, before: Children, after: Children) -> None:
    """The children's rows are known whole, so each table's rows go out in one shape, and a row the batch left as
    it was stored (a redelivered fact) does not go out at all."""
    for table in CHILD_TABLES:
        rows = batch.rows.get(table)
        if not rows:
            continue
        stored, laid = before.rows.get(table, {}), after.rows[table]
        whole = {key: {**laid[key], **values} for key, values in rows.items()}
        batch.rows[table] = {key: row for key, row in whole.items() if stored.get(key) != row}


def _moved_children(batch: Batch, before: Children, after: Children) -> set[str]:
    """The children with a row of a table their facts are built from that the batch changed."""
    moved: set[str] = set()
    for table in FACT_TABLES:
        stored, now = before.rows.get(table, {}), after.rows.get(table, {})
        for key in batch.rows.get(table, {}):
            row = now[key]
            if row["child_id"] not in moved and stored.get(key) != row:
                moved.add(row["child_id"])
    return moved


async def _hold_children(uow: UnitOfWork, children: set[str]) -> None:
    """What the batch writes follows from the children's rows as they were (read, then written): a child's
    facts all travel on one partition, but two consumers may briefly hold it across a rebalance, so each
    child is held until the batch commits. In one order, so two batches never wait on each other in a ring."""
    if not children or uow.session.get_bind().dialect.name != "postgresql":
        return
    locks = sorted({_lock_key(child) for child in children})
    await uow.session.execute(
        sa.text("SELECT count(pg_advisory_xact_lock(k)) FROM unnest(CAST(:keys AS bigint[])) AS k"), {"keys": locks}
    )


def _lock_key(child_id: str) -> int:
    # A stable 63-bit key from the child's id (not hash(): that changes between processes).
    return int.from_bytes(hashlib.blake2b(child_id.encode(), digest_size=8).digest(), "big") >> 1


def _reordered(after: Children, children: list[str]) -> list[dict[str, Any]]:
    """The allocation rows of these children whose place in the chronology moved, with their new place."""
    moved: list[dict[str, Any]] = []
    by_child = after.by_child(ALLOCATIONS)
    for child in children:
        rows = by_child.get(child, [])
        order = episode_order([episode_of(row) for row in rows if is_episode(row)])
        for row in rows:
            placed = order.get(row["allocation_id"])
            place = (placed.position, placed.changed, placed.pod_changed, placed.run_start) if placed else (None,) * 4
            if place != tuple(row[name] for name in ORDER_COLUMNS):
                moved.append(
                    {
                        "allocation_id": row["allocation_id"],
                        "case_id": row["case_id"],
                        "child_id": row["child_id"],
                        **dict(zip(ORDER_COLUMNS, place, strict=True)),
                    }
                )
    return moved


ORDER_COLUMNS = ("position", "changed", "pod_changed", "run_start")


async def _write_national_years(uow: UnitOfWork, before: Children, facts: dict[str, ChildFacts]) -> None:
    keys = primary_key(NATIONAL_YEARS)
    kept: dict[Key, dict[str, Any]] = {}
    for child, child_facts in facts.items():
        for row in national_years(child_facts.episodes, child_facts.statuses):
            stored = {
                "measure": row.measure,
                "year": row.year,
                "child_id": child,
                "onward": row.onward,
                "pod_id": row.pod_id,
                "worker_count": row.worker_count,
                "changes": row.changes,
                "pod_changes": row.pod_changes,
                "workers": ",".join(row.workers),
                "warnings": warnings_as_json(row.warnings),
                "duplicates": row.duplicates,
                "overlapped": row.overlapped,
            }
            kept[tuple(stored[key] for key in keys)] = stored
    gone = [key for key, row in before.national.items() if row["child_id"] in facts and key not in kept]
    await write_rows(uow, NATIONAL_YEARS, [row for key, row in kept.items() if before.national.get(key) != row])
    table = NATIONAL_YEARS
    for measure, year, child in sorted(gone):
        await uow.session.execute(
            sa.delete(table).where(table.c.measure == measure, table.c.year == year, table.c.child_id == child)
        )


def warnings_as_json(warnings: Sequence[DataQualityWarning]) -> str | None:
    if not warnings:
        return None
    return json.dumps([[w.code, w.child_id, w.allocation_id, w.detail] for w in warnings])


def _monthly_changes(facts: ChildFacts) -> Counter[tuple[date, str, int]]:
    return monthly_changes(facts.cases, facts.statuses, facts.uasc, facts.episodes)


async def _add_monthly_changes(uow: UnitOfWork, changes: Counter[tuple[date, str, int]]) -> None:
    rows: dict[tuple[date, str], list[int]] = {}
    for (month, pod, figure), change in changes.items():
        if change:
            rows.setdefault((month, pod), [0, 0, 0])[figure] += change
    if not rows:
        return
    values = [
        {"month_end": month, "pod_id": pod, "open_cases": counts[0], "cp_plans": counts[1], "looked_after": counts[2]}
        for (month, pod), counts in sorted(rows.items())
    ]
    dialect = uow.session.get_bind().dialect.name
    if dialect == "postgresql":
        arrays = {name: [row[name] for row in values] for name in MONTHLY_COLUMNS}
        added = await uow.session.execute(_adding_monthly_arrays(), arrays)
        emptied = [{"at": at, "pod": pod} for at, pod, *counts in added if not any(counts)]
    else:
        await uow.session.execute(_adding_monthly_changes(dialect), values)
        emptied = [{"at": row["month_end"], "pod": row["pod_id"]} for row in values]
    if not emptied:
        return
    # A change that came to nothing is no row: the rows are then the same however the facts arrived.
    table = MONTHLY_CHANGES
    await uow.session.execute(
        sa.delete(table).where(
            table.c.month_end == sa.bindparam("at"),
            table.c.pod_id == sa.bindparam("pod"),
            table.c.open_cases == 0,
            table.c.cp_plans == 0,
            table.c.looked_after == 0,
        ),
        emptied,
    )


MONTHLY_COLUMNS = ("month_end", "pod_id", "open_cases", "cp_plans", "looked_after")


@cache
def _adding_monthly_arrays() -> sa.Insert:
    """`_adding_monthly_changes` taking each column as an array, returning each row's counts as they now are."""
    table = MONTHLY_CHANGES
    statement = postgresql.insert(table).from_select(MONTHLY_COLUMNS, _unnested(table, MONTHLY_COLUMNS))
    adding: sa.Insert = statement.on_conflict_do_update(
        index_elements=["month_end", "pod_id"],
        set_={name: table.c[name] + statement.excluded[name] for name in MONTHLY_COLUMNS[2:]},
    ).returning(*[table.c[name] for name in MONTHLY_COLUMNS])
    return adding


@cache
def _adding_monthly_changes(dialect: str) -> sa.Insert:
    table = MONTHLY_CHANGES
    statement = (sqlite if dialect == "sqlite" else postgresql).insert(table)
    figures = ("open_cases", "cp_plans", "looked_after")
    statement = statement.values({name: sa.bindparam(name) for name in ("month_end", "pod_id", *figures)})
    adding: sa.Insert = statement.on_conflict_do_update(
        index_elements=["month_end", "pod_id"],
        set_={name: table.c[name] + statement.excluded[name] for name in figures},
    )
    return adding


def _earliest_change(
    batch: Batch,
    before: Children,
    after: Children,
    facts_before: dict[str, ChildFacts],
    facts_after: dict[str, ChildFacts],
) -> date | None:
    """The earliest day a figure can read that the batch changed: the earliest date of any row it changed, before or
    after; a child's details (UASC, family), from the child's first fact; a worker's or membership's, any day."""
    days: list[date] = []
    for table, rows in batch.rows.items():
        if table is CHILD:
            for (child,) in rows:
                if before.rows.get(CHILD, {}).get((child,)) != after.rows[CHILD][(child,)]:
                    days += [period.start for facts in (facts_before, facts_after) for period in _periods(facts[child])]
        elif table in CHILD_TABLES:
            for key in rows:
                old, new = before.rows.get(table, {}).get(key), after.rows[table][key]
                if old != new:
                    days += [row[name] for row in (old, new) if row for name in ("start", "end") if row[name]]
        elif table in STAFF_TABLES:
            return date.min
    return min(days, default=None)


def _periods(facts: ChildFacts) -> list[CasePeriod | StatusPeriod | Episode]:
    return [*facts.cases, *facts.statuses, *facts.episodes]


async def _move_changed_month(uow: UnitOfWork, day: date) -> None:
    table = CHANGED_MONTHS
    dialect = uow.session.get_bind().dialect.name
    # A version never used before (the clock, and at least one more than the last), so a figure's fingerprint
    # changes whenever a month it reads moves, even across an emptied and rebuilt read model.
    version = int(datetime.now(UTC).timestamp() * 1_000_000)
    statement = (sqlite if dialect == "sqlite" else postgresql).insert(table)
    statement = statement.values(month_end=month_end(day.year, day.month), version=version)
    moved = sa.case(
        (table.c.version >= statement.excluded.version, table.c.version + 1), else_=statement.excluded.version
    )
    await uow.session.execute(statement.on_conflict_do_update(index_elements=["month_end"], set_={"version": moved}))


_APPLIED: weakref.WeakKeyDictionary[object, int] = weakref.WeakKeyDictionary()
_ANALYZE_AFTER = (1_000, 10_000, 100_000, 1_000_000)


async def _analyze_as_the_tables_fill(uow: UnitOfWork, applied: int) -> None:
    """PostgreSQL plans a statement from the table's statistics; a new database has none, and a statement planned
    on empty tables keeps scanning them whole as they fill. So the tables are analysed as this process fills them."""
    engine = uow.session.get_bind().engine
    if engine.dialect.name != "postgresql":
        return
    done = _APPLIED.get(engine, 0)
    _APPLIED[engine] = done + applied
    if any(done < threshold <= done + applied for threshold in _ANALYZE_AFTER):
        names = ", ".join(table.name for table in (*READ_MODEL, uow.tables.inbox))
        await uow.session.execute(sa.text(f"ANALYZE {names}"))
