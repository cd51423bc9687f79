"""Closing a supervision action from the portal: done on a day (with an optional note of what was done), or
cancelled on a day with the reason it no longer needs doing; or each field's error for the GOV.UK error summary.
The supervision API checks the same again (and that the action is still open and its session signed off)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from services.portal.rules.dates import read_date

Closing = Literal["complete", "cancel"]
MAX_TEXT = 2000
"""The supervision API's limit on a closing note or a reason."""
MIN_REASON = 3


def read_closing(
    form: Mapping[str, str], closing: Closing, today: date
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """`complete`: `completed_on` and an optional `note`; `cancel`: `cancelled_on` and a `reason`."""
    errors: dict[str, str] = {}
    name = "completed_on" if closing == "complete" else "cancelled_on"
    what = "the day it was done" if closing == "complete" else "the day it was cancelled"
    day, problem = read_date(
        form.get(f"{name}-day", ""), form.get(f"{name}-month", ""), form.get(f"{name}-year", ""), what=what
    )
    if problem is None and day is not None and day > today:
        problem = f"{what[0].upper()}{what[1:]} must be today or in the past"
    if problem:
        errors[name] = problem
    text_field = "note" if closing == "complete" else "reason"
    text = form.get(text_field, "").strip()
    if len(text) > MAX_TEXT:
        errors[text_field] = (
            f"The {'note' if closing == 'complete' else 'reason'} must be {MAX_TEXT:,} characters or fewer"
        )
    elif closing == "cancel" and len(text) < MIN_REASON:
        errors[text_field] = "Enter why the action no longer needs doing"
    if errors or day is None:
        return None, errors
    if closing == "complete":
        return {"completed_on": day.isoformat(), "note": text or None}, {}
    return {"cancelled_on": day.isoformat(), "reason": text}, {}


def back_to(path: str | None, fallback: str) -> str:
    """Where to go after closing an action: the page it was opened from, only ever a path on this site."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path or "\n" in path:
        return fallback
    return path
