"""A story entry after it is written: an appendment, the reason it was entered in error, a draft's edits given back
whole to the records API (what the page does not edit is kept as written)."""

from __future__ import annotations

from datetime import date

from services.portal.rules.entry_forms import draft_values, read_appendment, read_in_error, revised_draft

TODAY = date(2026, 3, 11)
ZOE, MAX = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "7a1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
VISIT = {
    "entry_type": "visit",
    "occurred_on": "2026-03-10",
    "title": "Home visit",
    "text": "Seen at home.",
    "purpose": "Statutory visit",
    "significant": False,
    "visit_kind": "home",
    "serves_status": "CP",
    "family_id": None,
    "subjects": [
        {"subject_id": ZOE, "kind": "child", "seen": True, "seen_alone": True},
        {"subject_id": MAX, "kind": "child", "seen": True, "seen_alone": False, "not_seen_alone_reason": "Baby"},
    ],
}


def test_an_appendment_and_a_reason_are_required_and_bounded() -> None:
    assert read_appendment({"appendment": "  Mum rang.  "}) == ("Mum rang.", {})
    assert read_appendment({"appendment": " "})[1] == {"appendment": "Enter what you are adding to the entry"}
    assert "appendment" in read_appendment({"appendment": "x" * 5001})[1]
    assert read_in_error({"reason": "Wrong child"}) == ("Wrong child", {})
    assert read_in_error({})[1] == {"reason": "Enter why the entry was entered in error"}


def test_a_drafts_edits_keep_what_the_page_does_not_edit() -> None:
    form = {**draft_values(VISIT), "title": "Home visit to Zoe and Max", "text": "Both seen."}
    body, errors = revised_draft(VISIT, form, TODAY, complete=True)
    assert errors == {}
    assert body == {
        "entry_type": "visit",
        "status": "complete",
        "occurred_on": "2026-03-10",
        "title": "Home visit to Zoe and Max",
        "purpose": "Statutory visit",
        "text": "Both seen.",
        "children": [
            {"child_id": ZOE, "seen": True, "seen_alone": True, "not_seen_reason": None, "not_seen_alone_reason": None},
            {
                "child_id": MAX,
                "seen": True,
                "seen_alone": False,
                "not_seen_reason": None,
                "not_seen_alone_reason": "Baby",
            },
        ],
        "people": [],
        "significant": False,
        "visit_kind": "home",
        "serves_status": "CP",
    }


def test_a_drafts_edits_name_each_field_wrong() -> None:
    form = {**draft_values(VISIT), "title": " ", "purpose": "", "occurred_on-day": "12"}
    body, errors = revised_draft(VISIT, form, TODAY, complete=False)
    assert body is None
    assert errors == {
        "title": "Enter a title",
        "occurred_on": "The day it happened must be today or in the past",
        "purpose": "Enter the purpose",
    }
