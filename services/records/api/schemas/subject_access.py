"""A subject access export, and a child's access log."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from services.records.api.schemas.entries import AMY, AppendmentOut, SubjectOut
from services.records.api.schemas.people import PersonOut
from services.records.api.schemas.story import StatusOut
from shared.runtime.bodies import UtcDateTime, response_example
from shared.vocabulary import EntryTypeCode


class NamedOut(BaseModel):
    kind: Literal["child", "person"]
    id: uuid.UUID
    name: str = Field(description="An adult's name, or a child's council id: for the redaction review.")


class HeldEntryOut(BaseModel):
    id: uuid.UUID
    source: Literal["written", "automatic"]
    entry_type: EntryTypeCode
    occurred_on: date | None
    recorded_at: UtcDateTime | None
    title: str
    status: Literal["draft", "complete"]
    entered_in_error: str | None = Field(default=None, description="Why it was entered in error, when it was.")
    author: str | None = None
    purpose: str | None = None
    text: str | None = None
    sections: dict[str, str] = Field(default_factory=dict, description="A case summary's sections.")
    subjects: list[SubjectOut] = Field(default_factory=list)
    appendments: list[AppendmentOut] = Field(default_factory=list)
    facts: dict[str, Any] | None = None
    also_names: list[NamedOut] = Field(
        default_factory=list, description="The other people this entry names: where a redaction review starts."
    )


class CaseHeldOut(BaseModel):
    case_id: uuid.UUID
    referral_date: date | None
    closed_on: date | None
    closure_reason: str | None


class SubjectAccessOut(BaseModel):
    model_config = response_example(
        generated_at="2016-07-31T10:00:00Z",
        subject={"kind": "child", "id": AMY, "la_child_id": "C0012345", "date_of_birth": "2009-05-14"},
        cases=[],
        statuses=[],
        people=[],
        entries=[],
    )
    generated_at: UtcDateTime
    subject: dict[str, Any] = Field(description="Who the record is about, as records holds them.")
    cases: list[CaseHeldOut]
    statuses: list[StatusOut]
    people: list[PersonOut] = Field(description="The adults linked to the child's family.")
    entries: list[HeldEntryOut] = Field(description="Every entry, oldest first, drafts and mistakes marked.")


class AccessOut(BaseModel):
    model_config = response_example(
        id=1042,
        at="2016-03-01T09:14:03Z",
        actor="amy.osei",
        role="social_worker",
        action="read",
        resource=f"child/{AMY}/story",
        request_id="8a1c2d3e-6f70-4b81-9c2d-3e4f5a6b7c8d",
    )
    id: int
    at: UtcDateTime
    actor: str
    role: str
    action: str
    resource: str
    request_id: str | None
