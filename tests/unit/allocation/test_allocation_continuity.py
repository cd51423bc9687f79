from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.allocation.rules.continuity import AllocationSpan, continuity_cost, ordinal

EFFECTIVE = date(2024, 6, 1)


def span(worker: str | None, start: date, end: date | None, pod: str = "pod-1") -> AllocationSpan:
    return AllocationSpan(worker_id=worker, pod_id=pod, start=start, end=end)


def test_a_child_going_from_a_to_b_and_back_to_a_has_had_two_workers_and_two_changes() -> None:
    history = [span("A", date(2024, 1, 1), date(2024, 3, 1)), span("B", date(2024, 3, 1), EFFECTIVE)]

    cost = continuity_cost(history, "A", "pod-1", EFFECTIVE)

    assert cost.distinct_workers_in_window == 2
    assert cost.changes_in_window == 2
    assert cost.nth_worker == "2nd"
    assert "one they have had before" in cost.summary


def test_the_first_allocation_is_not_a_change() -> None:
    cost = continuity_cost([], "A", "pod-1", EFFECTIVE)

    assert cost.changes_in_window == 0
    assert not cost.changes_worker
    assert not cost.changes_pod
    assert cost.distinct_workers_in_window == 1
    assert not cost.needs_approval
    assert cost.summary == "this would be the child's first social worker"


def test_choosing_a_worker_for_a_case_awaiting_allocation_is_not_a_change() -> None:
    cost = continuity_cost([span(None, date(2024, 5, 1), None)], "A", "pod-1", EFFECTIVE)

    assert cost.changes_in_window == 0
    assert not cost.changes_worker
    assert not cost.changes_pod


def test_a_third_worker_in_twelve_months_needs_approval_at_the_default_threshold() -> None:
    history = [span("A", date(2024, 1, 1), date(2024, 3, 1)), span("B", date(2024, 3, 1), None)]

    cost = continuity_cost(history, "C", "pod-1", EFFECTIVE)

    assert cost.distinct_workers_in_window == 3
    assert cost.needs_approval
    assert not continuity_cost(history, "C", "pod-1", EFFECTIVE, approval_threshold=4).needs_approval
    assert not continuity_cost(history[:1], "B", "pod-1", EFFECTIVE).needs_approval


def test_a_transfer_to_another_pod_is_flagged_and_said_in_words() -> None:
    history = [span("A", date(2024, 1, 1), date(2024, 3, 1)), span("B", date(2024, 3, 1), None)]

    cost = continuity_cost(history, "C", "pod-2", EFFECTIVE, child_name="Amy")

    assert cost.changes_pod
    assert cost.pod_changes_in_window == 1
    assert cost.summary == "this would be Amy's 3rd social worker in 12 months, and their first change of pod"


def test_a_transfer_inside_the_pod_says_so() -> None:
    cost = continuity_cost([span("A", date(2024, 1, 1), None)], "B", "pod-1", EFFECTIVE)

    assert not cost.changes_pod
    assert cost.summary == "this would be the child's 2nd social worker in 12 months, within the same pod"


def test_a_second_change_of_pod_is_counted() -> None:
    history = [span("A", date(2024, 1, 1), date(2024, 3, 1)), span("B", date(2024, 3, 1), None, pod="pod-2")]

    cost = continuity_cost(history, "C", "pod-3", EFFECTIVE)

    assert cost.pod_changes_in_window == 2
    assert cost.summary.endswith("and their second change of pod")


def test_transferring_to_the_current_worker_changes_nothing() -> None:
    cost = continuity_cost([span("A", date(2024, 1, 1), None)], "A", "pod-1", EFFECTIVE)

    assert not cost.changes_worker
    assert not cost.needs_approval
    assert cost.changes_in_window == 0
    assert cost.summary == "no change of social worker for the child"


def test_workers_who_left_before_the_window_do_not_count() -> None:
    history = [
        span("old", date(2022, 1, 1), date(2023, 6, 1)),
        span("A", date(2023, 6, 1), None),
    ]

    cost = continuity_cost(history, "B", "pod-1", EFFECTIVE)

    assert cost.distinct_workers_in_window == 2
    assert cost.changes_in_window == 1


def test_the_window_includes_both_of_its_ends() -> None:
    window_start = EFFECTIVE - timedelta(days=364)
    on_the_edge = [span("A", date(2023, 1, 1), window_start), span("B", window_start, None)]
    just_outside = [span("A", date(2023, 1, 1), window_start - timedelta(days=1)), span("B", window_start, None)]

    assert continuity_cost(on_the_edge, "C", "pod-1", EFFECTIVE).distinct_workers_in_window == 3
    assert continuity_cost(just_outside, "C", "pod-1", EFFECTIVE).distinct_workers_in_window == 2


def test_history_out_of_order_gives_the_same_cost() -> None:
    history = [span("A", date(2024, 1, 1), date(2024, 3, 1)), span("B", date(2024, 3, 1), None)]

    in_order = continuity_cost(history, "C", "pod-2", EFFECTIVE)
    assert continuity_cost(history[::-1], "C", "pod-2", EFFECTIVE) == in_order


def test_a_different_window_is_named_in_days() -> None:
    cost = continuity_cost([span("A", date(2024, 5, 1), None)], "B", "pod-1", EFFECTIVE, window_days=90)

    assert "in 90 days" in cost.summary


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"), (21, "21st"),
     (22, "22nd"), (101, "101st"), (111, "111th")],
)  # fmt: skip
def test_ordinals_read_as_english(number: int, expected: str) -> None:
    assert ordinal(number) == expected


@given(st.lists(st.tuples(st.sampled_from("ABCD"), st.integers(1, 200)), max_size=8), st.sampled_from("ABCDE"))
def test_distinct_workers_never_exceed_changes_plus_one(steps: list[tuple[str, int]], to_worker: str) -> None:
    history, start = [], date(2023, 1, 1)
    for worker, days in steps:
        history.append(span(worker, start, start + timedelta(days=days)))
        start += timedelta(days=days)
    effective = start

    cost = continuity_cost(history, to_worker, "pod-1", effective)

    assert 1 <= cost.distinct_workers_in_window <= cost.changes_in_window + 1
    assert cost.needs_approval <= cost.changes_worker
