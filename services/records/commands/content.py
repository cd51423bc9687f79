"""What a person writes in a story entry, as the commands take it (the API's bodies and the synthetic council both
build it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from services.records.rules.entries import SubjectSeen


@dataclass(frozen=True, slots=True)
class ChildOnEntry:
    child_id: uuid.UUID
    seen: bool | None = None
    seen_alone: bool | None = None
    not_seen_reason: str | None = None
    not_seen_alone_reason: str | None = None

    def as_seen(self) -> SubjectSeen:
        return SubjectSeen(self.seen, self.seen_alone, self.not_seen_reason, self.not_seen_alone_reason)


@dataclass(frozen=True, slots=True)
class EntryContent:
    entry_type: str
    occurred_on: date
    title: str
    text: str = ""
    purpose: str | None = None
    significant: bool = False
    children: tuple[ChildOnEntry, ...] = ()
    people: tuple[uuid.UUID, ...] = ()
    family_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None
    visit_kind: str | None = None
    serves_status: str | None = None
    happened: str | None = None
    analysis: str | None = None
    next_steps: str | None = None
