"""Full-text search across the stories a caller may see, ranked, with highlights: one query function over each
database's own index (PostgreSQL: a stored tsvector with a GIN index, `websearch_to_tsquery`, `ts_rank` and
`ts_headline`; SQLite: FTS5 with `bm25` and `snippet`). It finds completed entries (their title, purpose, text,
sections and appendments) and supervision decisions; never drafts, nor entries entered in error."""

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


async def search(
    uow: UnitOfWork, principal: Principal, typed: str, wanted: SearchFilter, *, limit: int, cursor: str | None
) -> tuple[list[Hit], str | None]:
    """A page of hits, best first, and the cursor of the next page (None at the end)."""
    offset = _offset(cursor)
    if uow.session.get_bind().dialect.name == "postgresql":
        hits = await _postgresql(uow, principal, typed, wanted, limit + 1, offset)
    else:
        hits = await _sqlite(uow, principal, typed, wanted, limit + 1, offset)
    page = hits[:limit]
    await _name_children(uow, page)
    return page, (str(offset + limit) if len(hits) > limit else None)


def _narrowed(query: sa.Select[Any], occurred_on: Any, entry_type: Any, wanted: SearchFilter) -> sa.Select[Any]:
    if wanted.types:
        query = query.where(entry_type.in_(wanted.types))
    if wanted.since is not None:
        query = query.where(occurred_on >= wanted.since)
    if wanted.until is not None:
        query = query.where(occurred_on <= wanted.until)
    return query


def _written_in_scope(principal: Principal, wanted: SearchFilter) -> list[sa.ColumnElement[bool]]:
    clauses: list[sa.ColumnElement[bool]] = [Entry.status == "complete", Entry.entered_in_error_at.is_(None)]
    named = sa.select(EntrySubject.entry_id).where(EntrySubject.entry_id == Entry.id)
    visible = visible_children(principal)
    if visible is not None:
        clauses.append(sa.exists(named.where(EntrySubject.subject_id.in_(visible))))
    if wanted.child_id is not None:
        clauses.append(sa.exists(named.where(EntrySubject.subject_id == wanted.child_id)))
    return clauses


def _automatic_in_scope(principal: Principal, wanted: SearchFilter) -> list[sa.ColumnElement[bool]]:
    clauses: list[sa.ColumnElement[bool]] = []
    visible = visible_children(principal)
    if visible is not None:
        clauses.append(ChronologyEntry.child_id.in_(visible))
    if wanted.child_id is not None:
        clauses.append(ChronologyEntry.child_id == wanted.child_id)
    return clauses


async def _postgresql(
    uow: UnitOfWork, principal: Principal, typed: str, wanted: SearchFilter, limit: int, offset: int
) -> list[Hit]:
    query = sa.func.websearch_to_tsquery(sa.cast("english", REGCONFIG), typed, type_=TSQUERY)
    written_document = sa.literal_column("entries.search_document", TSVECTOR)
    automatic_document = sa.literal_column("chronology.search_document", TSVECTOR)
    written = _narrowed(
        sa.select(
            Entry.id.label("id"),
            sa.literal(WRITTEN).label("source"),
            Entry.entry_type.label("entry_type"),
            Entry.occurred_on.label("occurred_on"),
            sa.func.ts_rank(written_document, query).label("rank"),
        ).where(written_document.bool_op("@@")(query), *_written_in_scope(principal, wanted)),
        Entry.occurred_on,
        Entry.entry_type,
        wanted,
    )
    automatic = _narrowed(
        sa.select(
            ChronologyEntry.id.label("id"),
            sa.literal(AUTOMATIC).label("source"),
            ChronologyEntry.entry_type.label("entry_type"),
            ChronologyEntry.occurred_on.label("occurred_on"),
            sa.func.ts_rank(automatic_document, query).label("rank"),
        ).where(automatic_document.bool_op("@@")(query), *_automatic_in_scope(principal, wanted)),
        ChronologyEntry.occurred_on,
        ChronologyEntry.entry_type,
        wanted,
    )
    hits = sa.union_all(written, automatic).subquery("hits")
    ranked = (
        sa.select(hits).order_by(hits.c.rank.desc(), hits.c.occurred_on.desc(), hits.c.id).limit(limit).offset(offset)
    )
    found = [
        Hit(row.id, row.source, row.entry_type, row.occurred_on, None, float(row.rank))
        for row in (await uow.session.execute(ranked)).all()
    ]
    # Headlines are costly: made for the page's hits only.
    body = sa.func.concat_ws(" ", *_ENTRY_BODY)
    written_ids = [h.id for h in found if h.source == WRITTEN]
    headlines: dict[uuid.UUID, str] = dict(
        (
            await uow.session.execute(
                sa.select(Entry.id, sa.func.ts_headline(sa.cast("english", REGCONFIG), body, query, HEADLINE)).where(
                    Entry.id.in_(written_ids)
                )
            )
        ).all()
    )
    decision = sa.func.concat_ws(" ", ChronologyEntry.decision, ChronologyEntry.rationale)
    automatic_ids = [h.id for h in found if h.source == AUTOMATIC]
    headlines |= dict(
        (
            await uow.session.execute(
                sa.select(
                    ChronologyEntry.id,
                    sa.func.ts_headline(sa.cast("english", REGCONFIG), decision, query, HEADLINE),
                ).where(ChronologyEntry.id.in_(automatic_ids))
            )
        ).all()
    )
    for hit in found:
        hit.highlight = headlines.get(hit.id)
    return found


async def _sqlite(
    uow: UnitOfWork, principal: Principal, typed: str, wanted: SearchFilter, limit: int, offset: int
) -> list[Hit]:
    match = fts5_query(typed)
    if match is None:
        return []
    parts = []
    for index, source, model, weights in (
        ("entries_fts", WRITTEN, Entry, (10.0, 4.0, 1.0)),
        ("chronology_fts", AUTOMATIC, ChronologyEntry, (1.0,)),
    ):
        fts = sa.table(index, sa.column("rowid"))
        indexed: sa.ColumnElement[Any] = sa.literal_column(index)
        scope = _written_in_scope(principal, wanted) if model is Entry else _automatic_in_scope(principal, wanted)
        parts.append(
            _narrowed(
                sa.select(
                    model.id.label("id"),
                    sa.literal(source).label("source"),
                    model.entry_type.label("entry_type"),
                    model.occurred_on.label("occurred_on"),
                    (-sa.func.bm25(indexed, *weights)).label("rank"),
                    sa.func.snippet(indexed, -1, MATCH_START, MATCH_END, "…", 24).label("highlight"),
                )
                .select_from(
                    fts.join(model.__table__, sa.literal_column(f"{model.__tablename__}.rowid") == fts.c.rowid)
                )
                .where(indexed.op("MATCH")(match), *scope),
                model.occurred_on,
                model.entry_type,
                wanted,
            )
        )
    hits = sa.union_all(*parts).subquery("hits")
    ranked = (
        sa.select(hits).order_by(hits.c.rank.desc(), hits.c.occurred_on.desc(), hits.c.id).limit(limit).offset(offset)
    )
    return [
        Hit(row.id, row.source, row.entry_type, row.occurred_on, None, float(row.rank), row.highlight)
        for row in (await uow.session.execute(ranked)).all()
    ]


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


def _offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    if not cursor.isdigit() or int(cursor) > 10_000:
        raise Invalid("cursor is not one this API gave out", field="query.cursor")
    return int(cursor)
