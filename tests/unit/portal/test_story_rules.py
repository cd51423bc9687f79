"""The portal's rules for a child's story: the visit form for several siblings, the case summary form, the story's
filters, a search hit's highlight, and the scaling trend's chart and table."""

from __future__ import annotations

from datetime import date

from services.portal.rules import work_order
from services.portal.rules.charts import scaling_trend
from services.portal.rules.history import highlight
from services.portal.rules.story_filters import read_filters
from services.portal.rules.summary_form import read_summary
from services.portal.rules.visit_form import api_errors, read_visit

TODAY = date(2026, 3, 4)
ZOE, MAX = "z" * 36, "m" * 36
CHILDREN = [(ZOE, "Zoe"), (MAX, "Max")]
BASE = {
    "occurred_on-day": "3",
    "occurred_on-month": "3",
    "occurred_on-year": "2026",
    "visit_kind": "home",
    "serves_status": "CLA",
    "purpose": "Statutory visit",
    "text": "Seen at home.",
}


def test_a_visit_to_two_siblings_is_one_entry_naming_each_child_seen_or_not() -> None:
    form = {**BASE, f"include-{ZOE}": "yes", f"seen-{ZOE}": "yes", f"alone-{ZOE}": "yes"}
    form |= {f"include-{MAX}": "yes", f"seen-{MAX}": "no", f"not_seen_reason-{MAX}": "At nursery"}

    visit, errors = read_visit(form, CHILDREN, TODAY)

    assert errors == {}
    assert visit is not None
    body = visit.body()
    assert body["title"] == "Home visit: Zoe and Max"
    assert body["children"] == [
        {"child_id": ZOE, "seen": True, "seen_alone": True},
        {"child_id": MAX, "seen": False, "seen_alone": False, "not_seen_reason": "At nursery"},
    ]


def test_a_sibling_left_unticked_is_not_on_the_visit() -> None:
    visit, _ = read_visit(
        {**BASE, f"include-{ZOE}": "yes", f"seen-{ZOE}": "yes", f"alone-{ZOE}": "yes"}, CHILDREN, TODAY
    )

    assert visit is not None
    assert [c.child_id for c in visit.children] == [ZOE]


def test_each_missing_answer_is_named_by_its_field() -> None:
    form = {f"include-{ZOE}": "yes", f"seen-{ZOE}": "yes", f"alone-{ZOE}": "no", f"include-{MAX}": "yes"}

    visit, errors = read_visit(
        {**form, "occurred_on-day": "5", "occurred_on-month": "3", "occurred_on-year": "2026"}, CHILDREN, TODAY
    )

    assert visit is None
    assert errors == {
        "occurred_on": "The date of the visit must be today or in the past",
        "visit_kind": "Select where the visit took place",
        "serves_status": "Select the plan the visit was for",
        "purpose": "Enter what the visit was for",
        f"not_alone_reason-{ZOE}": "Enter why Zoe was not seen alone",
        f"seen-{MAX}": "Select whether Max was seen",
        "text": "Enter what happened on the visit",
    }


def test_nobody_is_seen_on_an_unsuccessful_visit_and_no_child_ticked_is_an_error() -> None:
    seen = {**BASE, "visit_kind": "unsuccessful", f"include-{ZOE}": "yes", f"seen-{ZOE}": "yes", f"alone-{ZOE}": "no"}

    assert f"seen-{ZOE}" in read_visit(seen, CHILDREN, TODAY)[1]
    assert read_visit(BASE, CHILDREN, TODAY)[1] == {"include": "Select the children the visit was to"}


def test_the_records_apis_refusal_of_a_child_lands_on_that_childs_field() -> None:
    paths = {"children.1.not_seen_reason": "say why the child was not seen", "purpose": "a visit says what it was for"}

    assert api_errors(paths, [ZOE, MAX]) == {
        f"not_seen_reason-{MAX}": "Say why the child was not seen",
        "purpose": "A visit says what it was for",
    }


def test_a_case_summary_needs_its_three_sections() -> None:
    form = {"occurred_on-day": "4", "occurred_on-month": "3", "occurred_on-year": "2026", "purpose": "Review"}

    body, errors = read_summary({**form, "happened": "A", "analysis": "B"}, "case", ZOE, TODAY)
    done, none = read_summary({**form, "happened": "A", "analysis": "B", "next_steps": "C"}, "case", ZOE, TODAY)

    assert body is None
    assert errors == {"next_steps": "Enter what happens next"}
    assert none == {}
    assert done is not None
    assert (done["entry_type"], done["case_id"], done["title"]) == (
        "case_summary",
        "case",
        "Case summary, 4 March 2026",
    )


def test_the_storys_filters_read_or_name_the_field() -> None:
    filters, errors = read_filters({"type": "visit", "from": "2026-01-01", "to": "2025-01-01", "significant": "yes"})
    words, _ = read_filters({"q": " piano "})

    assert errors == {"to": "The last day must be the same as or after the first day"}
    assert filters.story_params() == {"type": "visit", "significant": "true", "from": "2026-01-01", "to": None}
    assert words.search_params()["q"] == "piano"
    assert read_filters({"type": "gossip"})[1] == {"type": "Select a type of entry from the list"}


def test_a_search_highlight_keeps_only_its_marks() -> None:
    assert highlight("Zoe &amp; her <mark>school</mark> <script>x</script>") == (
        "Zoe &amp; her <mark>school</mark> &lt;script&gt;x&lt;/script&gt;"
    )


def test_the_scaling_trend_has_a_line_per_voice_and_a_table_row_per_day() -> None:
    trajectories = [
        {
            "question": "safety",
            "voice": "worker",
            "points": [{"scored_on": "2026-01-06", "score": 4}, {"scored_on": "2026-02-03", "score": 6}],
        },
        {"question": "safety", "voice": "parent", "points": [{"scored_on": "2026-02-03", "score": 8}]},
        {"question": "safe_and_stable_care", "voice": "pod", "points": [{"scored_on": "2026-02-03", "score": 5}]},
    ]

    spec, table = scaling_trend(trajectories, "safety")

    assert spec["kind"] == "scaling"
    assert len(spec["data"]) == 3
    assert table["voices"] == ["Worker", "Parent or carer"]
    assert table["rows"] == [{"day": "2026-02-03", "scores": [6, 8]}, {"day": "2026-01-06", "scores": [4, None]}]


def test_my_work_puts_what_is_overdue_first_then_the_soonest() -> None:
    clocks = [
        {"child_id": "a", "overdue": False, "next_due": "2026-03-10"},
        {"child_id": "b", "overdue": False, "next_due": None},
        {"child_id": "c", "overdue": True, "next_due": "2026-03-01"},
        {"child_id": "d", "overdue": False, "next_due": "2026-03-05"},
    ]
    actions = [
        {"overdue": False, "due_date": "2026-03-02", "description": "x"},
        {"overdue": True, "due_date": "2026-03-03", "description": "y"},
    ]
    summaries = [
        {"case_id": "1", "overdue": False, "due_on": None},
        {"case_id": "2", "overdue": False, "due_on": "2026-04-01"},
        {"case_id": "3", "overdue": True, "due_on": "2026-02-01"},
    ]

    assert [c["child_id"] for c in work_order.children_to_see(clocks)] == ["c", "d", "a", "b"]
    assert [a["description"] for a in work_order.actions_due(actions)] == ["y", "x"]
    assert [s["case_id"] for s in work_order.summaries_due(summaries)] == ["3", "2"]
