"""A child's one story: the entries people wrote about the child (a sibling visit or a family-level fact shows in
each child's story) and the automatic chronology, in one order (when it happened, then when it was recorded), a
page at a time, filtered by type, significance and dates. Drafts show only to their author; entries entered in
error only when an auditor or manager asks for them."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from services.records.models import ChronologyEntry, Entry, EntrySubject
from shared.auth import Principal
from shared.problems import Invalid
from shared.runtime.unit_of_work import UnitOfWork

WRITTEN, AUTOMATIC = "written", "automatic"


@dataclass(frozen=True, slots=True)
class StoryFilter:
    types: frozenset[str] = frozenset()
    significant: bool | None = None
    since: date | None = None
    until: date | None = None
    include_entered_in_error: bool = False
    newest_first: bool = True


@dataclass(frozen=True, slots=True)
class StoryItem:
    source: str
    entry: Entry | None
    automatic: ChronologyEntry | None


def _written(child_id: uuid.UUID, principal: Principal, story: StoryFilter) -> _Part:
    # Every column of the order is on entry_subjects, so the walk runs down ix_entry_subjects_story and looks each
    # entry up only to apply who may see it, stopping once the page is full.
    query = (
        sa.select(
            EntrySubject.entry_id.label("id"),
            sa.literal(WRITTEN).label("source"),
            EntrySubject.occurred_on.label("occurred_on"),
            EntrySubject.recorded_at.label("recorded_at"),
        )
        .join(Entry, Entry.id == EntrySubject.entry_id)
        .where(
            EntrySubject.subject_id == child_id,
            sa.or_(Entry.status == "complete", Entry.author == principal.subject),
        )
    )
    if not story.include_entered_in_error:
        query = query.where(Entry.entered_in_error_at.is_(None))
    if story.significant is not None:
        query = query.where(Entry.significant.is_(story.significant))
    if story.types:
        query = query.where(Entry.entry_type.in_(story.types))
    return _Part(query, (EntrySubject.occurred_on, EntrySubject.recorded_at, EntrySubject.entry_id))


def _automatic(child_id: uuid.UUID, story: StoryFilter) -> _Part:
    query = sa.select(
        ChronologyEntry.id.label("id"),
        sa.literal(AUTOMATIC).label("source"),
        ChronologyEntry.occurred_on.label("occurred_on"),
        ChronologyEntry.recorded_at.label("recorded_at"),
    ).where(ChronologyEntry.child_id == child_id)
    if story.significant is not None:
        query = query.where(ChronologyEntry.significant.is_(story.significant))
    if story.types:
        query = query.where(ChronologyEntry.entry_type.in_(story.types))
    return _Part(query, (ChronologyEntry.occurred_on, ChronologyEntry.recorded_at, ChronologyEntry.id))


@dataclass(frozen=True, slots=True)
class _Part:
    """One source of the story and the columns of its order, which its index holds after the child's id."""

    query: sa.Select[*tuple[Any, ...]]
    order: tuple[sa.orm.InstrumentedAttribute[Any], ...]

    def page(
        self, story: StoryFilter, after: tuple[date, datetime, uuid.UUID] | None, limit: int | None
    ) -> sa.Select[*tuple[Any, ...]]:
        """This part's rows from the cursor on, in the story's order: with a limit, the first limit of them, all the
        filters applied before the cut so a part never gives fewer than it holds."""
        occurred_on, _recorded_at, _id = self.order
        query = self.query
        if story.since is not None:
            query = query.where(occurred_on >= story.since)
        if story.until is not None:
            query = query.where(occurred_on <= story.until)
        if after is not None:
            position, bound = sa.tuple_(*self.order), sa.tuple_(*map(sa.literal, after))
            query = query.where(position < bound if story.newest_first else position > bound)
        query = query.order_by(*(c.desc() if story.newest_first else c.asc() for c in self.order))
        return query.limit(limit) if limit is not None else query


async def story(
    uow: UnitOfWork,
    principal: Principal,
    child_id: uuid.UUID,
    story: StoryFilter,
    *,
    limit: int | None,
    cursor: str | None,
) -> tuple[list[StoryItem], str | None]:
    """A page of the child's story, and the cursor of the next (None at the end); without a limit, all of it.

    The page is at most limit + 1 rows of either part, so each part is cut at limit + 1 by its own index walk
    before the two are merged: neither part is read further than the page needs."""
    after = _read_cursor(cursor) if cursor is not None else None
    wanted = limit + 1 if limit is not None else None
    parts = [_written(child_id, principal, story), _automatic(child_id, story)]
    union = sa.union_all(*(sa.select(part.page(story, after, wanted).subquery()) for part in parts)).subquery("story")
    order = [
        c.desc() if story.newest_first else c.asc() for c in (union.c.occurred_on, union.c.recorded_at, union.c.id)
    ]
    query = sa.select(union.c.id, union.c.source, union.c.occurred_on, union.c.recorded_at).order_by(*order)
    if wanted is not None:
        query = query.limit(wanted)
    rows = (await uow.session.execute(query)).all()
    page = rows[:limit] if limit is not None else rows
    next_cursor = _cursor(*page[-1][2:], page[-1][0]) if limit is not None and len(rows) > limit else None
    return await _load(uow, [(row[0], row[1]) for row in page]), next_cursor


async def _load(uow: UnitOfWork, keys: list[tuple[uuid.UUID, str]]) -> list[StoryItem]:
    written = [key for key, source in keys if source == WRITTEN]
    automatic = [key for key, source in keys if source == AUTOMATIC]
    entries = {e.id: e for e in (await uow.session.scalars(sa.select(Entry).where(Entry.id.in_(written)))).all()}
    facts = {
        c.id: c
        for c in (await uow.session.scalars(sa.select(ChronologyEntry).where(ChronologyEntry.id.in_(automatic)))).all()
    }
    return [
        StoryItem(source, entries.get(key), facts.get(key)) for key, source in keys if key in entries or key in facts
    ]


def _cursor(occurred_on: date, recorded_at: datetime, row_id: uuid.UUID) -> str:
    raw = f"{occurred_on.isoformat()}|{recorded_at.isoformat()}|{row_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _read_cursor(cursor: str) -> tuple[date, datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        day, moment, row_id = raw.split("|")
        return date.fromisoformat(day), datetime.fromisoformat(moment), uuid.UUID(row_id)
    except ValueError:
        raise Invalid("cursor is not one this API gave out", field="query.cursor") from None
