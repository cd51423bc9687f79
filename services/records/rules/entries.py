"""What a story entry may hold, and the checks its subjects must pass: pure, so the API, the commands and the
synthetic council all refuse the same things."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

MAX_TITLE = 200
MAX_TEXT = 20_000
"""Characters of an entry's text, and of each section of a case summary: a long case summary fits; a pasted
report does not (attach it in the document system, and record here what it says)."""
MAX_PURPOSE = 500
MAX_APPENDMENT = 5_000
MAX_REASON = 500
MAX_SUBJECTS = 20

WRITTEN_BY_PEOPLE = ("visit", "case_summary", "meeting", "correspondence", "note")
"""The entry types a person writes; `system` and `supervision_decision` entries come from other services' facts."""
PURPOSE_REQUIRED = frozenset({"visit", "case_summary"})
BUSINESS_SUPPORT_MAY_WRITE = frozenset({"correspondence"})


@dataclass(frozen=True, slots=True)
class SubjectSeen:
    """A child on a visit, as the caller recorded them."""

    seen: bool | None
    seen_alone: bool | None
    not_seen_reason: str | None
    not_seen_alone_reason: str | None


@dataclass(frozen=True, slots=True)
class Refusal:
    field: str
    message: str


def refusals_of_visit(visit_kind: str, children: Iterable[SubjectSeen], prefix: str = "children") -> list[Refusal]:
    """Each child of a visit says whether they were seen and seen alone, and why not when not; a child not seen
    cannot have been seen alone, and nobody is seen on an unsuccessful visit."""
    refused = []
    for index, child in enumerate(children):
        field = f"{prefix}.{index}"
        if child.seen is None or child.seen_alone is None:
            refused.append(Refusal(f"{field}.seen", "a visit records for each child whether they were seen, and alone"))
        elif child.seen_alone and not child.seen:
            refused.append(Refusal(f"{field}.seen_alone", "a child not seen cannot have been seen alone"))
        elif child.seen and visit_kind == "unsuccessful":
            refused.append(Refusal(f"{field}.seen", "nobody is seen on an unsuccessful visit"))
        elif not child.seen and not child.not_seen_reason:
            refused.append(Refusal(f"{field}.not_seen_reason", "say why the child was not seen"))
        elif child.seen and not child.seen_alone and not child.not_seen_alone_reason:
            refused.append(Refusal(f"{field}.not_seen_alone_reason", "say why the child was not seen alone"))
    return refused


def characters(*parts: str | None) -> int:
    return sum(len(part) for part in parts if part)


def seconds_between(started: datetime, completed: datetime) -> int:
    return max(int((completed - started).total_seconds()), 0)
