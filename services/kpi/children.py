"""The rows of the children a batch touches, as they were before it and as they are after it, and the facts the
measures read from them (exactly as queries/read_model.py reads them)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from services.kpi.models import AllocationRow, CaseRow, ChildRow, CourtRow, NationalYearRow, StatusRow
from services.kpi.rules.facts import CasePeriod, Episode, StatusPeriod

Row = dict[str, Any]
Key = tuple[Any, ...]
CHILD: sa.Table = ChildRow.__table__  # type: ignore[assignment]
CASES: sa.Table = CaseRow.__table__  # type: ignore[assignment]
STATUSES: sa.Table = StatusRow.__table__  # type: ignore[assignment]
COURT: sa.Table = CourtRow.__table__  # type: ignore[assignment]
ALLOCATIONS: sa.Table = AllocationRow.__table__  # type: ignore[assignment]
NATIONAL_YEARS: sa.Table = NationalYearRow.__table__  # type: ignore[assignment]
CHILD_TABLES = (CHILD, CASES, STATUSES, COURT, ALLOCATIONS)
# The tables ChildFacts reads: a batch that changes no row of these changes no child's facts.
FACT_TABLES = (CHILD, CASES, STATUSES, ALLOCATIONS)
_CHUNK = 500


@dataclass
class Children:
    """Rows by table and primary key, for a set of children; national: their kept national-measure rows, for
    those read with read_national."""

    ids: frozenset[str]
    rows: dict[sa.Table, dict[Key, Row]] = field(default_factory=dict)
    national: dict[Key, Row] = field(default_factory=dict)

    @classmethod
    async def read(
        cls, session: AsyncSession, child_ids: Iterable[str], tables: Iterable[sa.Table] = CHILD_TABLES
    ) -> Children:
        """Their rows of these tables (the others are left unread, as if empty)."""
        ids = sorted(set(child_ids))
        found = cls(frozenset(ids))
        if not ids:
            return found
        for table in tables:
            found.rows[table] = await _rows_by_key(session, table, ids)
        return found

    async def read_national(self, session: AsyncSession, child_ids: Iterable[str]) -> None:
        """Reads these children's kept national-measure rows (only those)."""
        ids = sorted(set(child_ids))
        if ids:
            self.national.update(await _rows_by_key(session, NATIONAL_YEARS, ids))

    def with_batch(self, rows_by_table: dict[sa.Table, dict[Key, Row]]) -> Children:
        """These children's rows with the batch's columns laid over them (a row the batch starts has only those)."""
        after = Children(self.ids, {table: dict(rows) for table, rows in self.rows.items()}, self.national)
        for table in CHILD_TABLES:
            mine = after.rows.setdefault(table, {})
            for key, values in rows_by_table.get(table, {}).items():
                mine[key] = {**_empty(table), **mine.get(key, {}), **values}
        return after

    def by_child(self, table: sa.Table) -> dict[str, list[Row]]:
        grouped: dict[str, list[Row]] = {}
        for row in self.rows.get(table, {}).values():
            grouped.setdefault(row["child_id"], []).append(row)
        return grouped

    def facts(self, children: Iterable[str] | None = None) -> dict[str, ChildFacts]:
        """Each child's facts as the measures read them (of these children only, when given)."""
        wanted = self.ids if children is None else frozenset(children)
        grouped: dict[str, dict[sa.Table, list[Row]]] = {child_id: {} for child_id in wanted}
        for table in FACT_TABLES:
            for row in self.rows.get(table, {}).values():
                tables = grouped.get(row["child_id"])
                if tables is not None:
                    tables.setdefault(table, []).append(row)
        return {child_id: ChildFacts.of(tables) for child_id, tables in grouped.items()}


async def _rows_by_key(session: AsyncSession, table: sa.Table, ids: list[str]) -> dict[Key, Row]:
    keys = [column.name for column in table.primary_key.columns]
    return {tuple(row[key] for key in keys): row for row in await _rows_of_children(session, table, ids)}


def _empty(table: sa.Table) -> Row:
    return dict.fromkeys(table.columns.keys())


async def _rows_of_children(session: AsyncSession, table: sa.Table, ids: list[str]) -> list[Row]:
    if session.get_bind().dialect.name == "postgresql":
        # One statement whatever the number of children, so its plan is prepared once.
        query = sa.select(table).where(
            table.c.child_id == sa.any_(sa.bindparam("ids", type_=postgresql.ARRAY(sa.String)))
        )
        return [row._asdict() for row in await session.execute(query, {"ids": ids})]
    found: list[Row] = []
    for start in range(0, len(ids), _CHUNK):
        query = sa.select(table).where(table.c.child_id.in_(ids[start : start + _CHUNK]))
        found += [row._asdict() for row in await session.execute(query)]
    return found


@dataclass(frozen=True)
class ChildFacts:
    """One child's facts as the measures read them (queries/read_model.py applies the same conditions)."""

    cases: list[CasePeriod]
    statuses: list[StatusPeriod]
    episodes: list[Episode]
    uasc: bool

    @staticmethod
    def of(tables: dict[sa.Table, list[Row]]) -> ChildFacts:
        children = tables.get(CHILD, [])
        return ChildFacts(
            cases=sorted(
                (
                    CasePeriod(row["case_id"], row["child_id"], row["start"], row["end"])
                    for row in tables.get(CASES, [])
                    if row["start"] is not None
                ),
                key=_by_case,
            ),
            statuses=sorted(
                (
                    StatusPeriod(
                        row["child_id"], row["case_id"], row["kind"], row["start"], row["end"], row["legal_status"]
                    )
                    for row in tables.get(STATUSES, [])
                    if row["kind"] is not None and row["start"] is not None
                ),
                key=_by_status,
            ),
            episodes=sorted(
                (episode_of(row) for row in tables.get(ALLOCATIONS, []) if is_episode(row)),
                key=lambda episode: episode.allocation_id,
            ),
            uasc=any(row["uasc"] is True for row in children),
        )


def is_episode(row: Row) -> bool:
    return row["worker_id"] is not None and row["entered_in_error"] is not True and row["start"] is not None


def episode_of(row: Row) -> Episode:
    return Episode(
        row["allocation_id"],
        row["child_id"],
        row["case_id"],
        row["worker_id"],
        row["pod_id"] or "",
        row["start"],
        row["end"],
        row["reason"],
    )


def _by_case(case: CasePeriod) -> tuple[str, date, date]:
    return case.case_id, case.start, case.end or date.max


def _by_status(status: StatusPeriod) -> tuple[str, str, date, date, str]:
    return status.case_id, status.kind, status.start, status.end or date.max, status.legal_status or ""
