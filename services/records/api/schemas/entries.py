"""Story entries as people write and read them."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from services.records.rules.entries import MAX_APPENDMENT, MAX_PURPOSE, MAX_REASON, MAX_SUBJECTS, MAX_TEXT, MAX_TITLE
from shared.runtime.bodies import Id, In, IsoDate, IsoDateTime, UtcDateTime, example, response_example
from shared.vocabulary import EntryTypeCode, StatusKindCode, VisitKindCode

AMY, BEN = "1f2e3d4c-5b6a-4789-8a7b-6c5d4e3f2a1b", "2a3b4c5d-6e7f-4081-9a2b-3c4d5e6f7a8b"
Text = Field(default="", max_length=MAX_TEXT)
Section = Field(default=None, max_length=MAX_TEXT)
Reason = Field(default=None, max_length=MAX_REASON)


class ChildOnEntryIn(In):
    child_id: Id
    seen: bool | None = Field(default=None, description="Visits: whether the child was seen.")
    seen_alone: bool | None = Field(default=None, description="Visits: whether the child was seen alone.")
    not_seen_reason: str | None = Field(default=None, max_length=MAX_REASON, description="Visits: why not seen.")
    not_seen_alone_reason: str | None = Field(
        default=None, max_length=MAX_REASON, description="Visits: why seen but not alone (e.g. a baby)."
    )


class EntryIn(In):
    model_config = example(
        entry_type="visit",
        status="complete",
        occurred_on="2016-03-01",
        title="Home visit to Amy and Ben",
        purpose="Statutory child protection visit",
        text="Seen at home with their mother. Amy showed me her room; Ben was shy but played.",
        visit_kind="home",
        serves_status="CP",
        significant=False,
        children=[
            {"child_id": AMY, "seen": True, "seen_alone": True},
            {"child_id": BEN, "seen": True, "seen_alone": False, "not_seen_alone_reason": "Ben is 2"},
        ],
    )
    entry_type: EntryTypeCode = Field(
        description="visit, case_summary, meeting, correspondence or note (system and supervision_decision entries "
        "are written by the service)."
    )
    status: Literal["draft", "complete"] = Field(
        default="draft", description="A draft can be edited by its author; a completed entry is append-only."
    )
    occurred_on: IsoDate = Field(description="When it happened; never in the future.")
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    text: str = Field(default="", max_length=MAX_TEXT, description=f"Up to {MAX_TEXT:,} characters.")
    purpose: str | None = Field(
        default=None, max_length=MAX_PURPOSE, description="Why it was done: required for visits and case summaries."
    )
    significant: bool = False
    children: list[ChildOnEntryIn] = Field(
        default_factory=list,
        max_length=MAX_SUBJECTS,
        description="The children it is about (a case summary: its case's child, who may be left out).",
    )
    people: list[Id] = Field(default_factory=list, max_length=MAX_SUBJECTS, description="Adults it names.")
    family_id: Id | None = Field(
        default=None, description="A family-level fact: written once, shown in every sibling's story (not visits)."
    )
    case_id: Id | None = Field(default=None, description="Case summaries: the case it summarises.")
    visit_kind: VisitKindCode | None = Field(default=None, description="Visits: where; `unsuccessful` sees nobody.")
    serves_status: StatusKindCode | None = Field(default=None, description="Visits: the status it was made for.")
    happened: str | None = Field(default=None, max_length=MAX_TEXT, description="Case summaries: what has happened.")
    analysis: str | None = Field(
        default=None, max_length=MAX_TEXT, description="Case summaries: what it means for the child."
    )
    next_steps: str | None = Field(default=None, max_length=MAX_TEXT, description="Case summaries: what happens next.")
    started_at: IsoDateTime | None = Field(
        default=None, description="When the author began typing, if the portal knows (recording time runs from it)."
    )


class AppendmentIn(In):
    model_config = example(text="Mum rang after the visit: Ben's nursery place starts on 7 March.")
    text: str = Field(min_length=1, max_length=MAX_APPENDMENT)


class EnteredInErrorIn(In):
    model_config = example(reason="Recorded on the wrong child's record")
    reason: str = Field(min_length=1, max_length=MAX_REASON)


class SubjectOut(BaseModel):
    subject_id: uuid.UUID
    kind: Literal["child", "person"]
    case_id: uuid.UUID | None = None
    seen: bool | None = None
    seen_alone: bool | None = None
    not_seen_reason: str | None = None
    not_seen_alone_reason: str | None = None


class AppendmentOut(BaseModel):
    id: uuid.UUID
    author: str
    author_role: str
    appended_at: UtcDateTime
    text: str


class EnteredInErrorOut(BaseModel):
    at: UtcDateTime
    by: str
    reason: str


class EntryOut(BaseModel):
    model_config = response_example(
        id="6b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
        entry_type="visit",
        status="complete",
        occurred_on="2016-03-01",
        title="Home visit to Amy and Ben",
        text="Seen at home with their mother.",
        purpose="Statutory child protection visit",
        significant=False,
        visit_kind="home",
        serves_status="CP",
        subjects=[{"subject_id": AMY, "kind": "child", "seen": True, "seen_alone": True}],
        appendments=[],
        author="amy.osei",
        author_role="social_worker",
        draft_started_at="2016-03-01T15:02:00Z",
        recorded_at="2016-03-01T15:02:00Z",
        completed_at="2016-03-01T15:31:00Z",
        characters=31,
        version=2,
    )
    id: uuid.UUID
    entry_type: EntryTypeCode
    status: Literal["draft", "complete"]
    occurred_on: date
    title: str
    text: str
    purpose: str | None
    significant: bool
    family_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None
    visit_kind: VisitKindCode | None = None
    serves_status: StatusKindCode | None = None
    happened: str | None = None
    analysis: str | None = None
    next_steps: str | None = None
    subjects: list[SubjectOut]
    appendments: list[AppendmentOut]
    author: str
    author_role: str
    draft_started_at: UtcDateTime
    recorded_at: UtcDateTime
    completed_at: UtcDateTime | None
    characters: int
    entered_in_error: EnteredInErrorOut | None = None
    version: int


class DraftOut(BaseModel):
    id: uuid.UUID
    entry_type: EntryTypeCode
    title: str
    occurred_on: date
    author: str
    child_ids: list[uuid.UUID]
    draft_started_at: UtcDateTime
    days_old: int
    overdue: bool
