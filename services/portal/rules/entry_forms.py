"""After an entry is written: an appendment to a completed entry, the reason an entry was entered in error, and a
draft's edits (its title, day, purpose and text) as the records API takes them back whole; or each field's error
for the GOV.UK error summary. The records API checks the same again (and who may do each)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from services.portal.rules.dates import read_date

MAX_TITLE = 200
MAX_TEXT = 20_000
MAX_PURPOSE = 500
MAX_APPENDMENT = 5_000
MAX_REASON = 500
"""The records API's limits, so the page says so before the API refuses."""
SECTIONS = (
    ("happened", "What has happened"),
    ("analysis", "What it means for the child"),
    ("next_steps", "What happens next"),
)
"""A case summary's three parts (its text is empty)."""
CARRIED = ("significant", "family_id", "case_id", "visit_kind", "serves_status")
"""What a draft keeps as written when its text is edited here."""


def read_appendment(form: Mapping[str, str]) -> tuple[str | None, dict[str, str]]:
    text = form.get("appendment", "").strip()
    if not text:
        return None, {"appendment": "Enter what you are adding to the entry"}
    if len(text) > MAX_APPENDMENT:
        return None, {"appendment": f"What you add must be {MAX_APPENDMENT:,} characters or fewer"}
    return text, {}


def read_in_error(form: Mapping[str, str]) -> tuple[str | None, dict[str, str]]:
    reason = form.get("reason", "").strip()
    if not reason:
        return None, {"reason": "Enter why the entry was entered in error"}
    if len(reason) > MAX_REASON:
        return None, {"reason": f"The reason must be {MAX_REASON} characters or fewer"}
    return reason, {}


def draft_values(entry: Mapping[str, Any]) -> dict[str, str]:
    """The edit form filled from the draft as records has it."""
    day = date.fromisoformat(entry["occurred_on"])
    values = {
        "title": entry["title"],
        "text": entry.get("text") or "",
        "purpose": entry.get("purpose") or "",
        "occurred_on-day": str(day.day),
        "occurred_on-month": str(day.month),
        "occurred_on-year": str(day.year),
    }
    values.update({name: entry.get(name) or "" for name, _ in SECTIONS})
    return values


def revised_draft(
    entry: Mapping[str, Any], form: Mapping[str, str], today: date, *, complete: bool
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The whole entry for `PUT /entries/{id}`: the draft as written, with the edited title, day, purpose and text
    (or a case summary's three parts); `complete` completes it too."""
    errors: dict[str, str] = {}
    title = form.get("title", "").strip()
    if not title:
        errors["title"] = "Enter a title"
    elif len(title) > MAX_TITLE:
        errors["title"] = f"The title must be {MAX_TITLE} characters or fewer"
    day, problem = read_date(
        form.get("occurred_on-day", ""),
        form.get("occurred_on-month", ""),
        form.get("occurred_on-year", ""),
        what="the day it happened",
    )
    if problem is None and day is not None and day > today:
        problem = "The day it happened must be today or in the past"
    if problem:
        errors["occurred_on"] = problem
    purpose = form.get("purpose", "").strip()
    if entry["entry_type"] in ("visit", "case_summary") and not purpose:
        errors["purpose"] = "Enter the purpose"
    elif len(purpose) > MAX_PURPOSE:
        errors["purpose"] = f"The purpose must be {MAX_PURPOSE} characters or fewer"
    texts = {name: form.get(name, "").strip() for name in ("text", *(name for name, _ in SECTIONS))}
    errors.update({n: f"This must be {MAX_TEXT:,} characters or fewer" for n, t in texts.items() if len(t) > MAX_TEXT})
    if errors or day is None:
        return None, errors
    subjects = entry.get("subjects") or []
    body: dict[str, Any] = {
        "entry_type": entry["entry_type"],
        "status": "complete" if complete else "draft",
        "occurred_on": day.isoformat(),
        "title": title,
        "purpose": purpose or None,
        "children": [
            {key: s.get(key) for key in ("seen", "seen_alone", "not_seen_reason", "not_seen_alone_reason")}
            | {"child_id": s["subject_id"]}
            for s in subjects
            if s["kind"] == "child"
        ],
        "people": [s["subject_id"] for s in subjects if s["kind"] == "person"],
        **{name: entry.get(name) for name in CARRIED if entry.get(name) is not None},
    }
    if entry["entry_type"] == "case_summary":
        body.update({name: texts[name] or None for name, _ in SECTIONS})
    else:
        body["text"] = texts["text"]
    return body, {}
