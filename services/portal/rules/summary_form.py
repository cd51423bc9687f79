"""The case summary form: what has happened, what it means for the child, what happens next; or each field's
error for the GOV.UK error summary."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from services.portal.rules.dates import read_date
from services.portal.rules.visit_form import MAX_TEXT

SECTIONS = (
    ("happened", "What has happened", "Since the last summary: events, visits, meetings, what the child said"),
    ("analysis", "What it means for the child", "Your analysis: risks, strengths, the child's lived experience"),
    ("next_steps", "What happens next", "Who will do what, by when"),
)


def read_summary(
    form: Mapping[str, str], case_id: str, child_id: str, today: date, *, complete: bool = True
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The records API's entry for a case summary, completed or kept as its author's draft, or the errors keyed by
    the page's field ids."""
    errors: dict[str, str] = {}
    day, problem = read_date(
        form.get("occurred_on-day", ""), form.get("occurred_on-month", ""), form.get("occurred_on-year", ""),
        what="the date of the summary",
    )  # fmt: skip
    if problem is None and day is not None and day > today:
        problem = "The date of the summary must be today or in the past"
    if problem:
        errors["occurred_on"] = problem
    purpose = form.get("purpose", "").strip()
    if not purpose:
        errors["purpose"] = "Enter why you are writing the summary"
    elif len(purpose) > 500:
        errors["purpose"] = "Why you are writing the summary must be 500 characters or fewer"
    sections = {}
    for name, label, _ in SECTIONS:
        sections[name] = form.get(name, "").strip()
        if not sections[name]:
            errors[name] = f"Enter {label[:1].lower()}{label[1:]}"
        elif len(sections[name]) > MAX_TEXT:
            errors[name] = f"{label} must be {MAX_TEXT:,} characters or fewer"
    if errors or day is None:
        return None, errors
    body = {
        "entry_type": "case_summary",
        "status": "complete" if complete else "draft",
        "occurred_on": day.isoformat(),
        "title": f"Case summary, {day.day} {day.strftime('%B')} {day.year}",
        "purpose": purpose,
        "case_id": case_id,
        "children": [{"child_id": child_id}],
        "significant": form.get("significant") == "yes",
        **sections,
    }
    return body, {}
