"""A child as records knows them, and their one story."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from services.records.api.schemas.entries import AMY, EntryOut
from shared.runtime.bodies import UtcDateTime, response_example
from shared.vocabulary import EntryTypeCode, StatusKindCode


class StatusOut(BaseModel):
    kind: StatusKindCode
    start: date
    end: date | None
    cp_category: str | None = None
    legal_status: str | None = None


class ChildRecordOut(BaseModel):
    model_config = response_example(
        child_id=AMY,
        la_child_id="C0012345",
        date_of_birth="2009-05-14",
        sex="F",
        uasc=False,
        family_id="7d7c1a56-1d1e-4a44-9a38-7b0c1f7a2e10",
        siblings=["2a3b4c5d-6e7f-4081-9a2b-3c4d5e6f7a8b"],
        case_id="5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
        case_open=True,
        pod_id="9b2f4a52-0c41-4f7e-9f55-1c2d3e4f5a6b",
        worker_id="3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        statuses=[{"kind": "CP", "start": "2016-01-08", "end": None, "cp_category": "NEG"}],
    )
    child_id: uuid.UUID
    la_child_id: str | None = Field(description="The council's own child id (names travel only in allocation).")
    date_of_birth: date | None
    sex: str | None
    uasc: bool | None
    family_id: uuid.UUID | None
    siblings: list[uuid.UUID]
    case_id: uuid.UUID | None = Field(description="The child's latest case: the open one, else the last.")
    case_open: bool
    pod_id: uuid.UUID | None = Field(description="The pod holding the case (or that held it last).")
    worker_id: uuid.UUID | None = Field(description="The allocated social worker, when there is one.")
    statuses: list[StatusOut]


class AutomaticOut(BaseModel):
    """An entry the service wrote from another service's fact: read-only."""

    kind: str = Field(description="e.g. transferred, status_started, cover_started, supervision_decision")
    case_id: uuid.UUID | None
    facts: dict[str, Any] = Field(description="The fact's ids, dates and codes.")
    decision: str | None = None
    rationale: str | None = None


class StoryItemOut(BaseModel):
    model_config = response_example(
        id="0f1e2d3c-4b5a-5968-8776-655443322110",
        source="automatic",
        entry_type="system",
        occurred_on="2016-03-01",
        recorded_at="2016-03-03T09:12:00Z",
        title="Transferred to another social worker within Pod 3 (North): Managing caseloads (MANAGE)",
        significant=True,
        automatic={"kind": "transferred", "case_id": None, "facts": {"reason": "MANAGE", "across_pods": False}},
    )
    id: uuid.UUID
    source: Literal["written", "automatic"] = Field(description="Written by a person, or from another service's fact.")
    entry_type: EntryTypeCode
    occurred_on: date
    recorded_at: UtcDateTime
    title: str
    significant: bool
    entry: EntryOut | None = Field(default=None, description="A written entry, in full.")
    automatic: AutomaticOut | None = None


class ChronologyLineOut(BaseModel):
    """One line of a chronology: what happened when, without the entry's text."""

    id: uuid.UUID
    source: Literal["written", "automatic"]
    entry_type: EntryTypeCode
    occurred_on: date
    title: str
    significant: bool
    status: Literal["draft", "complete"]
    entered_in_error: bool
