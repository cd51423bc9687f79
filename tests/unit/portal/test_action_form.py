"""Closing a supervision action: the day and the note or reason as the portal reads them, and where it goes after."""

from __future__ import annotations

from datetime import date

from services.portal.rules.action_form import back_to, read_closing

TODAY = date(2026, 3, 11)


def _day(prefix: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{prefix}-day": day, f"{prefix}-month": month, f"{prefix}-year": year}


def test_done_on_a_day_with_an_optional_note() -> None:
    assert read_closing(_day("completed_on", "10", "3", "2026"), "complete", TODAY) == (
        {"completed_on": "2026-03-10", "note": None},
        {},
    )
    form = {**_day("completed_on", "11", "3", "2026"), "note": "  Rang the school.  "}
    assert read_closing(form, "complete", TODAY)[0] == {"completed_on": "2026-03-11", "note": "Rang the school."}


def test_a_cancellation_needs_its_reason_and_a_day_not_in_the_future() -> None:
    body, errors = read_closing(_day("cancelled_on", "12", "3", "2026"), "cancel", TODAY)
    assert body is None
    assert errors == {
        "cancelled_on": "The day it was cancelled must be today or in the past",
        "reason": "Enter why the action no longer needs doing",
    }
    form = {**_day("cancelled_on", "1", "3", "2026"), "reason": "Plan changed"}
    assert read_closing(form, "cancel", TODAY) == ({"cancelled_on": "2026-03-01", "reason": "Plan changed"}, {})


def test_a_missing_or_impossible_day_is_named() -> None:
    assert read_closing({}, "complete", TODAY)[1] == {"completed_on": "Enter the day it was done"}
    assert read_closing(_day("completed_on", "31", "2", "2026"), "complete", TODAY)[1] == {
        "completed_on": "The day it was done must be a real date"
    }
    too_long = {**_day("completed_on", "1", "3", "2026"), "note": "x" * 2001}
    assert "note" in read_closing(too_long, "complete", TODAY)[1]


def test_back_only_to_a_page_of_this_site() -> None:
    assert back_to("/children/abc", "/my-work") == "/children/abc"
    for elsewhere in ("//evil.example/", "https://evil.example/", "/\\evil.example", None, "", "javascript:x"):
        assert back_to(elsewhere, "/my-work") == "/my-work"
