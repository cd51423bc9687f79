"""Full-text search across the stories a caller may see, ranked, with highlights: one query function over each
database's own index (PostgreSQL: a stored tsvector with a GIN index, `websearch_to_tsquery`, `ts_rank` and
`ts_headline`; SQLite: FTS5 with `bm25` and `snippet`). It finds completed entries (their title, purpose, text,
sections and appendments) and supervision decisions; never drafts, nor entries entered in error.

Only the newest matches are ranked (`bound`, newest by date, then time of recording, then id): a search of
common words matches a large part of every story, and ranking every match would make each page cost as much as
all of them. The newest matches are found in the order of an index (`ix_entries_newest`), so the database stops
at the bound; the caller is told when older matches were left out, to narrow the search to them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import REGCONFIG, TSQUERY, TSVECTOR

from services.records.models import ChronologyEntry, Entry, EntrySubject
from services.records.queries.scope import visible_children
from services.records.rules.search import MATCH_END, MATCH_START, fts5_query
from shared.auth import Principal
from shared.problems import Invalid
from shared.runtime.unit_of_work import UnitOfWork

WRITTEN, AUTOMATIC = "written", "automatic"
HEADLINE = f"StartSel={MATCH_START}, StopSel={MATCH_END}, MaxWords=30, MinWords=12, MaxFragments=2"
_ENTRY_BODY = (Entry.text, Entry.happened, Entry.analysis, Entry.next_steps, Entry.appended_text)
_SOURCES = ((WRITTEN, Entry), (AUTOMATIC, ChronologyEntry))


@dataclass(frozen=True, slots=True)
class SearchFilter:
    child_id: uuid.UUID | None = None
    types: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None


@dataclass(slots=True)
class Hit:
    id: uuid.UUID
    source: str
    entry_type: str
    occurred_on: date
    title: str | None
    rank: float
    highlight: str | None = None
    child_ids: list[uuid.UUID] = field(default_factory=list)
    facts: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Found:
    hits: list[Hit]
    next_cursor: str | None
    older_matches: bool
    """More matched than the bound: the oldest of them were not ranked."""


async def search(
    uow: UnitOfWork,
    principal: Principal,
    typed: str,
    wanted: SearchFilter,
    *,
    limit: int,
    cursor: str | None,
    bound: int,
) -> Found:
    """A page of hits, best first among the newest `bound` matches (newest first among equal ranks), and the
    cursor of the next page (None at the end)."""
    offset = _offset(cursor, bound)
    page = min(limit, bound - offset) + 1
    if uow.session.get_bind().dialect.name == "postgresql":
        hits, matched = await _postgresql(uow, principal, typed, wanted, bound, page, offset)
    else:
        hits, matched = await _sqlite(uow, principal, typed, wanted, bound, page, offset)
    shown = hits[: page - 1]
    await _name_children(uow, shown)
    more = len(hits) > len(shown)
    return Found(shown, str(offset + len(shown)) if more else None, matched > bound)


def _narrowed(
    query: sa.Select[Any], model: type[Entry] | type[ChronologyEntry], wanted: SearchFilter
) -> sa.Select[Any]:
    if wanted.types:
        query = query.where(model.entry_type.in_(wanted.types))
    if wanted.since is not None:
        query = query.where(model.occurred_on >= wanted.since)
    if wanted.until is not None:
        query = query.where(model.occurred_on <= wanted.until)
    return query


def _in_scope(
    model: type[Entry] | type[ChronologyEntry], principal: Principal, wanted: SearchFilter
) -> list[sa.ColumnElement[bool]]:
    visible = visible_children(principal)
    if model is ChronologyEntry:
        clauses: list[sa.ColumnElement[bool]] = []
        if visible is not None:
            clauses.append(ChronologyEntry.child_id.in_(visible))
        if wanted.child_id is not None:
            clauses.append(ChronologyEntry.child_id == wanted.child_id)
        return clauses
    clauses = [Entry.status == "complete", Entry.entered_in_error_at.is_(None)]
    named = sa.select(EntrySubject.entry_id).where(EntrySubject.entry_id == Entry.id)
    if visible is not None:
        clauses.append(sa.exists(named.where(EntrySubject.subject_id.in_(visible))))
    if wanted.child_id is not None:
        clauses.append(sa.exists(named.where(EntrySubject.subject_id == wanted.child_id)))
    return clauses


def _newest(
    source: str,
    model: type[Entry] | type[ChronologyEntry],
    matches: sa.ColumnElement[bool],
    extra: list[sa.ColumnElement[Any]],
    principal: Principal,
    wanted: SearchFilter,
    bound: int,
    joined: sa.FromClause | None = None,
) -> sa.Select[Any]:
    """One source's newest `bound` + 1 matches (one more, to tell whether any were left out): on PostgreSQL in the
    order of its index, so the database stops there instead of reading every match; on SQLite from the FTS5
    matches joined by rowid (cheap for each match: nothing is ranked or cut into snippets there)."""
    query = sa.select(
        model.id.label("id"),
        sa.literal(source).label("source"),
        model.entry_type.label("entry_type"),
        model.occurred_on.label("occurred_on"),
        model.recorded_at.label("recorded_at"),
        *extra,
    )
    if joined is not None:
        query = query.select_from(joined)
    return (
        _narrowed(
            query.where(matches, *_in_scope(model, principal, wanted)),
            model,
            wanted,
        )
        .order_by(model.occurred_on.desc(), model.recorded_at.desc(), model.id.desc())
        .limit(bound + 1)
    )


def _candidates(parts: list[sa.Select[Any]], bound: int) -> sa.CTE:
    """The newest `bound` + 1 matches of both sources, numbered newest first."""
    pool = sa.union_all(*(sa.select(part.subquery()) for part in parts)).subquery("matches")
    newest = (pool.c.occurred_on.desc(), pool.c.recorded_at.desc(), pool.c.id.desc())
    return (
        sa.select(pool, sa.func.row_number().over(order_by=newest).label("newest"))
        .order_by(*newest)
        .limit(bound + 1)
        .cte("candidates")
    )


def _ranked(
    candidates: sa.CTE,
    rank: sa.ColumnElement[float],
    bound: int,
    page: int,
    offset: int,
    ranks: tuple[sa.Subquery, sa.ColumnElement[bool]] | None = None,
) -> sa.Select[Any]:
    """A page of the first `bound` candidates, best first, then newest first; each row with how many matched (up
    to the bound + 1). Ranks made apart (SQLite) come first in the join, so each looks its candidate up by key
    (SQLite's automatic index) rather than comparing every pair."""
    matched = sa.select(sa.func.count()).select_from(candidates).scalar_subquery()
    c = candidates.c
    query = sa.select(c.id, c.source, c.entry_type, c.occurred_on, rank.label("rank"), matched.label("matched"))
    if ranks is not None:
        query = query.select_from(ranks[0]).join(candidates, ranks[1])
    return (
        query.where(c.newest <= bound)
        .order_by(rank.desc(), c.occurred_on.desc(), c.recorded_at.desc(), c.id.desc())
        .limit(page)
        .offset(offset)
    )


async def _postgresql(
    uow: UnitOfWork, principal: Principal, typed: str, wanted: SearchFilter, bound: int, page: int, offset: int
) -> tuple[list[Hit], int]:
    query = sa.func.websearch_to_tsquery(sa.cast("english", REGCONFIG), typed, type_=TSQUERY)
    parts = []
    for source, model in _SOURCES:
        document = sa.literal_column(f"{model.__tablename__}.search_document", TSVECTOR)
        matches = document.bool_op("@@")(query)
        parts.append(_newest(source, model, matches, [document.label("document")], principal, wanted, bound))
    candidates = _candidates(parts, bound)
    rank = sa.func.ts_rank(candidates.c.document, query)
    rows = (await uow.session.execute(_ranked(candidates, rank, bound, page, offset))).all()
    found = [Hit(row.id, row.source, row.entry_type, row.occurred_on, None, float(row.rank)) for row in rows]
    # Headlines are costly: made for the page's hits only.
    headlines: dict[uuid.UUID, str] = {}
    for source, model, body in (
        (WRITTEN, Entry, sa.func.concat_ws(" ", *_ENTRY_BODY)),
        (AUTOMATIC, ChronologyEntry, sa.func.concat_ws(" ", ChronologyEntry.decision, ChronologyEntry.rationale)),
    ):
        ids = [h.id for h in found if h.source == source]
        if ids:
            headline = sa.func.ts_headline(sa.cast("english", REGCONFIG), body, query, HEADLINE)
            headlines |= dict((await uow.session.execute(sa.select(model.id, headline).where(model.id.in_(ids)))).all())
    for hit in found:
        hit.highlight = headlines.get(hit.id)
    return found, rows[0].matched if rows else 0


_FTS = {WRITTEN: ("entries_fts", (10.0, 4.0, 1.0)), AUTOMATIC: ("chronology_fts", (1.0,))}


async def _sqlite(
    uow: UnitOfWork, principal: Principal, typed: str, wanted: SearchFilter, bound: int, page: int, offset: int
) -> tuple[list[Hit], int]:
    match = fts5_query(typed)
    if match is None:
        return [], 0
    parts = []
    for source, model in _SOURCES:
        index = _FTS[source][0]
        rowid: sa.ColumnElement[Any] = sa.literal_column(f"{model.__tablename__}.rowid")
        fts = sa.table(index, sa.column("rowid"))
        matches = sa.literal_column(index).op("MATCH")(match)
        joined = fts.join(model.__table__, rowid == fts.c.rowid)
        parts.append(_newest(source, model, matches, [rowid.label("fts_row")], principal, wanted, bound, joined))
    candidates = _candidates(parts, bound)
    # bm25 only for the candidates, in one pass of each index (its statistics are gathered once per pass); the
    # unary + keeps the rowid test a filter, not a lookup per candidate that would gather them each time.
    ranks = []
    for source, (index, weights) in _FTS.items():
        indexed: sa.ColumnElement[Any] = sa.literal_column(index)
        ranks.append(
            sa.select(
                sa.literal(source).label("source"),
                sa.literal_column(f"{index}.rowid").label("fts_row"),
                (-sa.func.bm25(indexed, *weights)).label("rank"),
            )
            .select_from(sa.table(index))
            .where(
                indexed.op("MATCH")(match),
                sa.literal_column(f"+{index}.rowid").in_(
                    sa.select(candidates.c.fts_row).where(candidates.c.source == source, candidates.c.newest <= bound)
                ),
            )
        )
    ranked = sa.union_all(*ranks).subquery("ranked")
    on = sa.and_(ranked.c.source == candidates.c.source, ranked.c.fts_row == candidates.c.fts_row)
    query = _ranked(candidates, ranked.c.rank, bound, page, offset, (ranked, on)).add_columns(candidates.c.fts_row)
    rows = (await uow.session.execute(query)).all()
    found = [Hit(row.id, row.source, row.entry_type, row.occurred_on, None, float(row.rank)) for row in rows]
    # Snippets are costly: made for the page's hits only.
    for source, (index, _) in _FTS.items():
        at = {row.fts_row: hit for row, hit in zip(rows, found, strict=True) if hit.source == source}
        if at:
            indexed = sa.literal_column(index)
            snippets = (
                sa.select(sa.literal_column("rowid"), sa.func.snippet(indexed, -1, MATCH_START, MATCH_END, "…", 24))
                .select_from(sa.table(index))
                .where(indexed.op("MATCH")(match), sa.literal_column("rowid").in_(list(at)))
            )
            for row, snippet in (await uow.session.execute(snippets)).all():
                at[row].highlight = snippet
    return found, rows[0].matched if rows else 0


async def _name_children(uow: UnitOfWork, hits: list[Hit]) -> None:
    """Each hit's title and children: an entry's own; a decision's child, and its one-line title's facts."""
    written = {h.id: h for h in hits if h.source == WRITTEN}
    automatic = {h.id: h for h in hits if h.source == AUTOMATIC}
    for entry_id, title in (
        await uow.session.execute(sa.select(Entry.id, Entry.title).where(Entry.id.in_(written)))
    ).all():
        written[entry_id].title = title
    named = sa.select(EntrySubject.entry_id, EntrySubject.subject_id).where(
        EntrySubject.entry_id.in_(written), EntrySubject.subject_kind == "child"
    )
    for entry_id, child_id in (await uow.session.execute(named.order_by(EntrySubject.position))).all():
        written[entry_id].child_ids.append(child_id)
    decisions = sa.select(ChronologyEntry).where(ChronologyEntry.id.in_(automatic))
    for row in (await uow.session.scalars(decisions)).all():
        automatic[row.id].child_ids = [row.child_id] if row.child_id else []
        automatic[row.id].facts = dict(row.facts or {}) | {"kind": row.kind}


def _offset(cursor: str | None, bound: int) -> int:
    if cursor is None:
        return 0
    if not cursor.isdigit() or int(cursor) >= bound:
        raise Invalid("cursor is not one this API gave out", field="query.cursor")
    return int(cursor)
