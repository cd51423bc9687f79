"""Facts published by the records service: ids, dates, codes and counts, never the story's words.

Every event is about one child and keyed by the child, so a child's facts stay in order. An entry about several
children (a sibling visit, a family-level fact) gives one event per child with the same `entry_id`: a consumer that
counts entries, or recording time, counts each `entry_id` once; one that counts visits counts each child's.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from shared.events.base import Event
from shared.events.registry import contract
from shared.vocabulary import EntryTypeCode, StatusKindCode, VisitKindCode


class _RecordsEvent(Event):
    producer = "records"
    topic = "records.children"
    key_field = "child_id"


class _WhoAndWhere(_RecordsEvent):
    """Who held the child, and who wrote, when it happened: what recording time per pod and per worker needs."""

    entry_id: UUID
    child_id: UUID
    case_id: UUID | None = Field(description="The child's case on the day it happened, when one was open.")
    pod_id: UUID | None = Field(description="The pod holding the child's case on the day it happened.")
    worker_id: UUID | None = Field(description="The child's allocated social worker on the day it happened.")
    recorded_by_worker_id: UUID | None = Field(description="The worker who completed the entry, when known.")
    recorded_by_pod_id: UUID | None = Field(description="That worker's pod on the day it was completed.")


@contract
class StoryEntryCompleted(_WhoAndWhere):
    """A story entry was completed (it is append-only from now on): its kind, when it happened and how long the
    recording took, from the draft's start to completion, and its length."""

    entry_type: EntryTypeCode
    occurred_on: date
    significant: bool
    draft_started_at: datetime
    completed_at: datetime
    seconds_to_complete: int = Field(ge=0, description="From the draft's start to completion.")
    characters: int = Field(ge=0, description="The entry's length in characters (text and sections).")
    children: int = Field(ge=1, description="How many children the entry covers (one event for each).")


@contract
class VisitRecorded(_WhoAndWhere):
    """A completed visit, for one of the children it covered: whether the child was seen, and seen alone."""

    visit_kind: VisitKindCode
    serves_status: StatusKindCode = Field(description="The status the visit was made for (CIN, CP or CLA).")
    statuses_open: list[StatusKindCode] = Field(description="The child's statuses open on the day of the visit.")
    occurred_on: date
    seen: bool
    seen_alone: bool
    completed_at: datetime


@contract
class CaseSummaryRecorded(_WhoAndWhere):
    """A case summary was completed for the child's case: when it was due by the case's cadence."""

    occurred_on: date
    completed_at: datetime
    cadence_weeks: int = Field(ge=1)
    due_on: date = Field(description="When the summary was due: the previous one (or the referral) plus the cadence.")
    on_time: bool = Field(description="Written on or before the day it was due.")


@contract
class EntryAppended(_RecordsEvent):
    """An appendment was added to a completed entry (a completed entry is never edited)."""

    appendment_id: UUID
    entry_id: UUID
    child_id: UUID
    entry_type: EntryTypeCode
    appended_at: datetime
    characters: int = Field(ge=0)
    recorded_by_worker_id: UUID | None = None


@contract
class EntryEnteredInError(_RecordsEvent):
    """A completed entry was marked entered in error: hidden from the story, never deleted. Counts made from it
    should drop it."""

    entry_id: UUID
    child_id: UUID
    entry_type: EntryTypeCode
    occurred_on: date
    marked_at: datetime
