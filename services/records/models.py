"""The records service's tables, in two kinds that never mix.

- **What people wrote** (entries, their subjects and appendments, people around the children, case summary
  cadences): kept for ever; a completed entry is never edited, and nothing is deleted.
- **What records knows from other services' events** (`known_*`, who holds each child, and the automatic
  chronology): kept only by handlers.py, listed in `PROJECTIONS`; a replay empties and rebuilds them and never
  touches what people wrote.

The full-text index is made by the migrations for each database alone (a tsvector column with a GIN index on
PostgreSQL, FTS5 tables on SQLite) and named in `UNMANAGED`, so comparing models and migrations leaves it out.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shared.messaging.tables import platform_tables

UNMANAGED = ("entries_fts", "chronology_fts", "search_document", "ix_entries_search", "ix_chronology_search")


class UtcDateTime(sa.TypeDecorator[datetime]):
    """Every time stored is UTC; SQLite gives back only the wall clock, so it is read back as UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class Base(AsyncAttrs, DeclarativeBase):
    type_annotation_map = {dict[str, Any]: sa.JSON, datetime: UtcDateTime}


Base.metadata.info["unmanaged"] = UNMANAGED
platform = platform_tables(Base.metadata)


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)


# What people wrote -------------------------------------------------------------------------------------------


class Entry(Base):
    """A story entry: one or more subjects (children, and adults around them), written once. A draft is edited by
    its author; a completed entry is append-only (appendments) and a mistake is marked entered in error."""

    __tablename__ = "entries"

    id: Mapped[uuid.UUID] = _id()
    entry_type: Mapped[str] = mapped_column(sa.String(30))
    status: Mapped[str] = mapped_column(sa.String(10))
    occurred_on: Mapped[date]
    title: Mapped[str] = mapped_column(sa.String(200))
    text: Mapped[str] = mapped_column(sa.Text)
    purpose: Mapped[str | None] = mapped_column(sa.String(500))
    significant: Mapped[bool] = mapped_column(default=False)
    family_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    """Set for a family-level fact: it was written once for every child of the family."""
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    """The case a case summary is about."""
    visit_kind: Mapped[str | None] = mapped_column(sa.String(20))
    serves_status: Mapped[str | None] = mapped_column(sa.String(3))
    happened: Mapped[str | None] = mapped_column(sa.Text)
    analysis: Mapped[str | None] = mapped_column(sa.Text)
    next_steps: Mapped[str | None] = mapped_column(sa.Text)
    appended_text: Mapped[str] = mapped_column(sa.Text, default="")
    """Every appendment's words, for the search index (the appendments themselves are rows of their own)."""
    author: Mapped[str] = mapped_column(sa.String(200))
    author_role: Mapped[str] = mapped_column(sa.String(200))
    author_worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    author_pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    draft_started_at: Mapped[datetime]
    recorded_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    characters: Mapped[int] = mapped_column(default=0)
    entered_in_error_at: Mapped[datetime | None]
    entered_in_error_by: Mapped[str | None] = mapped_column(sa.String(200))
    entered_in_error_reason: Mapped[str | None] = mapped_column(sa.String(1000))
    version: Mapped[int] = mapped_column(default=1)
    subjects: Mapped[list[EntrySubject]] = relationship(
        order_by="EntrySubject.position", lazy="selectin", cascade="all, delete-orphan"
    )
    appendments: Mapped[list[Appendment]] = relationship(order_by="Appendment.appended_at", lazy="selectin")

    __table_args__ = (
        sa.Index("ix_entries_drafts", "status", "author"),
        # A search ranks its newest matches: walked newest first, it stops at the bound (queries/search.py).
        sa.Index("ix_entries_newest", "occurred_on", "recorded_at", "id"),
    )
    __mapper_args__ = {"version_id_col": version}

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def entered_in_error(self) -> bool:
        return self.entered_in_error_at is not None

    def children(self) -> list[EntrySubject]:
        return [s for s in self.subjects if s.subject_kind == "child"]


class EntrySubject(Base):
    """A child or adult an entry is about; for a child of a visit, whether they were seen, and seen alone."""

    __tablename__ = "entry_subjects"

    entry_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("entries.id"), primary_key=True)
    subject_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    subject_kind: Mapped[str] = mapped_column(sa.String(10))
    position: Mapped[int] = mapped_column(default=0)
    occurred_on: Mapped[date]
    recorded_at: Mapped[datetime]
    """The entry's date and time of recording, kept here too so one child's story is read from one index in its
    order (date, recorded, entry) and the walk stops at the page."""
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    seen: Mapped[bool | None]
    seen_alone: Mapped[bool | None]
    not_seen_reason: Mapped[str | None] = mapped_column(sa.String(500))
    not_seen_alone_reason: Mapped[str | None] = mapped_column(sa.String(500))

    __table_args__ = (sa.Index("ix_entry_subjects_story", "subject_id", "occurred_on", "recorded_at", "entry_id"),)


class Appendment(Base):
    """An addition to a completed entry: who, when, what. The entry itself is never edited."""

    __tablename__ = "appendments"

    id: Mapped[uuid.UUID] = _id()
    entry_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("entries.id"), index=True)
    author: Mapped[str] = mapped_column(sa.String(200))
    author_role: Mapped[str] = mapped_column(sa.String(200))
    author_worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    appended_at: Mapped[datetime]
    text: Mapped[str] = mapped_column(sa.Text)


class Person(Base):
    """An adult around a child (a parent, carer, relative or professional), linked to families."""

    __tablename__ = "people"

    id: Mapped[uuid.UUID] = _id()
    given_name: Mapped[str] = mapped_column(sa.String(100))
    family_name: Mapped[str] = mapped_column(sa.String(100))
    date_of_birth: Mapped[date | None]
    organisation: Mapped[str | None] = mapped_column(sa.String(200))
    contact: Mapped[str | None] = mapped_column(sa.String(500))
    recorded_by: Mapped[str] = mapped_column(sa.String(200))
    recorded_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=1)
    links: Mapped[list[FamilyLink]] = relationship(order_by="FamilyLink.since", lazy="selectin")

    __mapper_args__ = {"version_id_col": version}


class FamilyLink(Base):
    """How a person relates to a family (sibling group): mother, foster carer, health visitor..."""

    __tablename__ = "family_links"

    person_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("people.id"), primary_key=True)
    family_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, index=True)
    relationship: Mapped[str] = mapped_column(sa.String(30))
    since: Mapped[date]


class SummaryCadence(Base):
    """How often a case needs a case summary, set by the pod manager (the default applies until they do)."""

    __tablename__ = "summary_cadences"

    case_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    weeks: Mapped[int]
    set_by: Mapped[str] = mapped_column(sa.String(200))
    set_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


# What records knows from other services' events (projections) -------------------------------------------------


class KnownPod(Base):
    __tablename__ = "known_pods"

    pod_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    name: Mapped[str | None] = mapped_column(sa.String(200))


class KnownMembership(Base):
    """A worker's period in a pod: the pod an author wrote from."""

    __tablename__ = "known_memberships"

    membership_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    role: Mapped[str | None] = mapped_column(sa.String(40))
    start: Mapped[date | None]
    end: Mapped[date | None]


class KnownChild(Base):
    """A child as allocation registered them: the council's id, not the name (names do not travel in events)."""

    __tablename__ = "known_children"

    child_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    la_child_id: Mapped[str | None] = mapped_column(sa.String(50))
    date_of_birth: Mapped[date | None]
    sex: Mapped[str | None] = mapped_column(sa.String(1))
    uasc: Mapped[bool | None]
    family_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)


class KnownCase(Base):
    __tablename__ = "known_cases"

    case_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    child_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    referral_date: Mapped[date | None]
    closed_on: Mapped[date | None]
    closure_reason: Mapped[str | None] = mapped_column(sa.String(20))


class KnownStatus(Base):
    __tablename__ = "known_statuses"

    status_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    child_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    kind: Mapped[str | None] = mapped_column(sa.String(3))
    start: Mapped[date | None]
    end: Mapped[date | None]
    cp_category: Mapped[str | None] = mapped_column(sa.String(3))
    legal_status: Mapped[str | None] = mapped_column(sa.String(2))


class KnownCourtProceedings(Base):
    __tablename__ = "known_court_proceedings"

    proceedings_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    child_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    start: Mapped[date | None]
    end: Mapped[date | None]


class KnownAllocation(Base):
    """A period in which a pod, and a worker unless none, held a child's case."""

    __tablename__ = "known_allocations"

    allocation_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    child_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    start: Mapped[date | None]
    end: Mapped[date | None]
    entered_in_error: Mapped[bool | None]


class KnownCover(Base):
    """A colleague covering one case, or all of a worker's cases (`case_id` null), for a period."""

    __tablename__ = "known_covers"

    cover_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    covering_worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    start: Mapped[date | None]
    planned_end: Mapped[date | None]
    ended: Mapped[date | None]
    """Set when the cover was ended by hand (before or on its planned end)."""
    reason: Mapped[str | None] = mapped_column(sa.String(200))

    def open_on(self, day: date) -> bool:
        end = self.ended or self.planned_end
        return self.start is not None and self.start <= day and (end is None or end >= day)


class Holder(Base):
    """Who holds each child now: the pod and worker of the child's latest case (its open allocation, else its last
    one). Worked out again from the allocations above whenever a batch of events touches the child."""

    __tablename__ = "holders"

    child_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    case_open: Mapped[bool] = mapped_column(default=True)


class ChronologyEntry(Base):
    """A read-only entry of a child's chronology made from another service's fact (allocation's changes, a
    supervision decision), so that nobody types it. `facts` holds the fact's ids, dates and codes."""

    __tablename__ = "chronology"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    child_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    kind: Mapped[str | None] = mapped_column(sa.String(40))
    entry_type: Mapped[str | None] = mapped_column(sa.String(30))
    occurred_on: Mapped[date | None]
    recorded_at: Mapped[datetime | None]
    significant: Mapped[bool | None]
    facts: Mapped[dict[str, Any] | None]
    decision: Mapped[str | None] = mapped_column(sa.Text)
    rationale: Mapped[str | None] = mapped_column(sa.Text)

    __table_args__ = (sa.Index("ix_chronology_story", "child_id", "occurred_on", "recorded_at", "id"),)


PROJECTIONS: tuple[sa.Table, ...] = tuple(
    model.__table__  # type: ignore[misc]
    for model in (
        KnownPod,
        KnownMembership,
        KnownChild,
        KnownCase,
        KnownStatus,
        KnownCourtProceedings,
        KnownAllocation,
        KnownCover,
        Holder,
        ChronologyEntry,
    )
)
