"""The filters over a child's story: type, significance, dates and words; or each field's error."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.vocabulary import EntryType

TYPES = [(kind.value, kind.label) for kind in EntryType]


@dataclass(frozen=True)
class StoryFilters:
    entry_type: str | None = None
    significant: bool = False
    from_day: date | None = None
    to_day: date | None = None
    words: str = ""

    def story_params(self) -> dict[str, Any]:
        """The records API's query: `/children/{id}/story` (and the chronology takes the same)."""
        return {
            "type": self.entry_type,
            "significant": "true" if self.significant else None,
            "from": self.from_day.isoformat() if self.from_day else None,
            "to": self.to_day.isoformat() if self.to_day else None,
        }

    def search_params(self) -> dict[str, Any]:
        return {
            "q": self.words,
            "type": self.entry_type,
            "from": self.from_day.isoformat() if self.from_day else None,
            "to": self.to_day.isoformat() if self.to_day else None,
        }

    @property
    def active(self) -> bool:
        return bool(self.entry_type or self.significant or self.from_day or self.to_day or self.words)


def _day(text: str, what: str) -> tuple[date | None, str | None]:
    if not text.strip():
        return None, None
    try:
        return date.fromisoformat(text.strip()), None
    except ValueError:
        return None, f"Enter {what} as a date, like 2024-03-27"


def read_filters(query: Mapping[str, str]) -> tuple[StoryFilters, dict[str, str]]:
    """What the filter form sent: the filters that read, and the errors of those that did not."""
    errors: dict[str, str] = {}
    kind = query.get("type", "").strip() or None
    if kind is not None and kind not in dict(TYPES):
        errors["type"] = "Select a type of entry from the list"
        kind = None
    from_day, problem = _day(query.get("from", ""), "the first day")
    if problem:
        errors["from"] = problem
    to_day, problem = _day(query.get("to", ""), "the last day")
    if problem:
        errors["to"] = problem
    if from_day and to_day and from_day > to_day:
        errors["to"] = "The last day must be the same as or after the first day"
        to_day = None
    words = query.get("q", "").strip()
    if len(words) > 200:
        errors["q"] = "Search words must be 200 characters or fewer"
        words = ""
    return StoryFilters(kind, query.get("significant") == "yes", from_day, to_day, words), errors
