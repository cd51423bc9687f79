"""Case summaries due, who holds a child, the checks on a visit's children, search queries and chronology lines."""

from __future__ import annotations

import uuid
from datetime import date

from services.records.rules.chronology import entry_id, title
from services.records.rules.entries import SubjectSeen, refusals_of_visit
from services.records.rules.holding import CaseFacts, HeldPeriod, held_on, holding
from services.records.rules.search import MATCH_END, MATCH_START, fts5_query, safe_highlight
from services.records.rules.summaries import due_before, summary_due

NORTH, SOUTH, A, B = (uuid.uuid4() for _ in range(4))
FIRST, SECOND = uuid.uuid4(), uuid.uuid4()


def test_a_case_summary_is_due_four_weeks_after_the_last_or_after_the_referral() -> None:
    assert summary_due(date(2024, 1, 8), None, None, 4, date(2024, 2, 1)).due_on == date(2024, 2, 5)
    late = summary_due(date(2024, 1, 8), None, date(2024, 2, 2), 4, date(2024, 3, 5))
    assert (late.due_on, late.overdue, late.days_overdue) == (date(2024, 3, 1), True, 4)


def test_a_closed_case_needs_no_summary() -> None:
    assert summary_due(date(2024, 1, 8), date(2024, 2, 1), None, 4, date(2024, 6, 1)).due_on is None


def test_a_summary_written_now_was_due_one_cadence_after_the_previous() -> None:
    assert due_before(date(2024, 1, 8), date(2024, 3, 4), 2) == date(2024, 3, 18)


def test_the_holder_is_the_open_allocation_of_the_open_case() -> None:
    cases = [CaseFacts(FIRST, date(2020, 1, 1), date(2021, 1, 1)), CaseFacts(SECOND, date(2024, 1, 8), None)]
    periods = [
        HeldPeriod(FIRST, SOUTH, B, date(2020, 1, 1), date(2021, 1, 1)),
        HeldPeriod(SECOND, NORTH, A, date(2024, 1, 8), None),
    ]

    held = holding(cases, periods)

    assert held is not None
    assert (held.pod_id, held.worker_id, held.case_open) == (NORTH, A, True)


def test_a_closed_case_stays_with_its_last_pod_and_an_allocation_in_error_never_holds() -> None:
    cases = [CaseFacts(FIRST, date(2020, 1, 1), date(2021, 1, 1))]
    periods = [
        HeldPeriod(FIRST, NORTH, A, date(2020, 1, 1), date(2020, 6, 1)),
        HeldPeriod(FIRST, SOUTH, B, date(2020, 6, 1), date(2021, 1, 1)),
        HeldPeriod(FIRST, NORTH, A, date(2020, 9, 1), None, entered_in_error=True),
    ]

    held = holding(cases, periods)

    assert held is not None
    assert (held.pod_id, held.case_open) == (SOUTH, False)
    assert held_on(periods, date(2020, 7, 1)) == periods[1]


def test_a_visit_refuses_seen_alone_without_seen_and_a_child_seen_on_an_unsuccessful_visit() -> None:
    alone_unseen = SubjectSeen(seen=False, seen_alone=True, not_seen_reason="asleep", not_seen_alone_reason=None)
    seen = SubjectSeen(seen=True, seen_alone=True, not_seen_reason=None, not_seen_alone_reason=None)

    assert [r.field for r in refusals_of_visit("home", [seen, alone_unseen])] == ["children.1.seen_alone"]
    assert [r.field for r in refusals_of_visit("unsuccessful", [seen])] == ["children.0.seen"]


def test_a_visit_says_why_a_child_was_not_seen_or_not_seen_alone() -> None:
    unseen = SubjectSeen(seen=False, seen_alone=False, not_seen_reason=None, not_seen_alone_reason=None)
    not_alone = SubjectSeen(seen=True, seen_alone=False, not_seen_reason=None, not_seen_alone_reason=None)

    refused = refusals_of_visit("home", [unseen, not_alone])

    assert [r.field for r in refused] == ["children.0.not_seen_reason", "children.1.not_seen_alone_reason"]


def test_search_terms_are_quoted_for_fts5_with_phrases_or_and_exclusions() -> None:
    assert fts5_query('contact "with father" -mother') == '("contact") AND ("with father") NOT ("mother")'
    assert fts5_query("nursery or school attendance") == '("nursery" OR "school") AND ("attendance")'
    assert fts5_query('say "hi') == '("say") AND ("hi")'
    assert fts5_query('a"b NEAR(') == '("a""b") AND ("NEAR(")'


def test_a_query_with_nothing_to_match_is_none() -> None:
    assert fts5_query("-mother") is None
    assert fts5_query(" & ! ") is None


def test_highlights_are_escaped_html_with_the_matches_marked() -> None:
    fragment = f"<script>seen at {MATCH_START}school{MATCH_END} & home"

    assert safe_highlight(fragment) == "&lt;script&gt;seen at <mark>school</mark> &amp; home"


def test_chronology_lines_read_from_codes_and_pod_names() -> None:
    pods = {str(NORTH): "Pod 3 (North)", str(SOUTH): "Pod 5 (South)"}
    moved = {"reason": "LEFTRL", "across_pods": True, "from_pod_id": str(NORTH), "to_pod_id": str(SOUTH)}

    assert title("transferred", moved, pods) == (
        "Transferred to another social worker from Pod 3 (North) to Pod 5 (South): Previous worker left role (LEFTRL)"
    )
    assert title("status_started", {"kind": "CLA", "legal_status": "C2"}, pods) == (
        "Looked after, Full care order (C2): started"
    )
    assert entry_id("allocated", FIRST) == entry_id("allocated", FIRST) != entry_id("allocated", SECOND)
