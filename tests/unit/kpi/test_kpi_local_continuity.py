from datetime import date

import pytest

from services.kpi.rules.continuity import local_continuity
from tests.unit.kpi.kpi_builders import case, episode, looked_after, status

WINDOW_FROM = date(2022, 4, 1)
WINDOW_TO = date(2024, 3, 31)

CASES = [
    case("amy", date(2019, 1, 1)),
    case("ben", date(2019, 1, 1)),
    case("cal", date(2019, 1, 1)),
    case("dan", date(2019, 1, 1), date(2024, 3, 31)),
]
STATUSES = [
    status("amy", "CIN", date(2019, 1, 1)),
    status("ben", "CP", date(2019, 1, 1)),
    looked_after("cal", date(2019, 1, 1)),
    status("dan", "CIN", date(2019, 1, 1), date(2024, 3, 31)),
]
EPISODES = [
    episode("amy", "a", date(2023, 1, 1), date(2023, 6, 1), pod="pod-a"),
    episode("amy", "b", date(2023, 6, 1), date(2023, 9, 1), pod="pod-a", reason="MANAGE"),
    episode("amy", "c", date(2023, 9, 1), pod="pod-b", reason="LEFTRL"),
    episode("ben", "e", date(2020, 1, 1), pod="pod-a"),
    episode("cal", "x", date(2020, 1, 1), date(2022, 6, 1), pod="pod-a"),
    episode("cal", "y", date(2022, 6, 1), pod="pod-a"),
    episode("dan", "z", date(2019, 1, 1), date(2024, 3, 31), pod="pod-a"),
]


def children_in(cohort: str, **filters: str) -> list[str]:
    result = local_continuity(WINDOW_FROM, WINDOW_TO, cohort, EPISODES, STATUSES, CASES, **filters)  # type: ignore[arg-type]
    return [row.child_id for row in result.children]


def test_the_all_cohort_is_every_child_with_a_case_open_at_the_end_of_the_window() -> None:
    assert children_in("all") == ["amy", "ben", "cal"]


def test_the_cin_cp_and_cla_cohorts_are_children_with_that_status_open_at_the_end_of_the_window() -> None:
    assert (children_in("cin"), children_in("cp"), children_in("cla")) == (["amy"], ["ben"], ["cal"])


def test_the_pod_and_worker_filters_keep_children_held_by_them_at_the_end_of_the_window() -> None:
    assert children_in("all", pod_id="pod-b") == ["amy"]
    assert children_in("all", worker_id="y") == ["cal"]
    assert children_in("all", pod_id="pod-a", worker_id="c") == []


def test_the_local_figures_count_changes_workers_and_days_with_the_current_worker() -> None:
    result = local_continuity(WINDOW_FROM, WINDOW_TO, "all", EPISODES, STATUSES, CASES)
    assert [(row.child_id, row.changes, row.worker_count) for row in result.children] == [
        ("amy", 2, 3),
        ("ben", 0, 1),
        ("cal", 1, 2),
    ]
    assert (result.changes_per_child, result.workers_per_child) == (1.0, 2.0)
    assert (result.numerator, result.denominator, result.percent) == (2, 3, 67)
    assert (result.changes_within_pod, result.changes_across_pods) == (2, 1)
    assert result.reasons_for_change == {"LEFTRL": 1, "MANAGE": 1, "NOT_RECORDED": 1}
    assert result.median_days_with_current_worker == (WINDOW_TO - date(2022, 6, 1)).days
    assert result.cohort == "local_continuity"
    assert result.population == "all"


def test_children_with_three_or_more_workers_in_twelve_months_are_listed() -> None:
    result = local_continuity(WINDOW_FROM, WINDOW_TO, "all", EPISODES, STATUSES, CASES)
    (amy,) = result.three_or_more_workers
    assert (amy.child_id, amy.workers) == ("amy", ("a", "b", "c"))


def test_days_with_the_current_worker_run_across_episodes_with_the_same_worker() -> None:
    episodes = [
        episode("amy", "a", date(2023, 1, 1), date(2023, 6, 1), pod="pod-a"),
        episode("amy", "a", date(2023, 6, 1), pod="pod-b"),
    ]
    result = local_continuity(WINDOW_FROM, WINDOW_TO, "cin", episodes, STATUSES, CASES)
    assert result.median_days_with_current_worker == (WINDOW_TO - date(2023, 1, 1)).days
    assert result.children[0].changes == 0


def test_a_child_with_nobody_allocated_is_left_out_of_days_with_the_current_worker() -> None:
    result = local_continuity(WINDOW_FROM, WINDOW_TO, "cin", [], STATUSES, CASES)
    assert (result.denominator, result.numerator, result.median_days_with_current_worker) == (1, 1, None)


def test_an_unknown_cohort_or_a_reversed_window_is_refused() -> None:
    with pytest.raises(ValueError, match="cohort"):
        local_continuity(WINDOW_FROM, WINDOW_TO, "everyone", [], [], [])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="after"):
        local_continuity(WINDOW_TO, WINDOW_FROM, "all", [], [], [])


def test_no_children_give_zero_figures_without_crashing() -> None:
    result = local_continuity(WINDOW_FROM, WINDOW_TO, "all", [], [], [])
    assert (result.numerator, result.denominator, result.ratio, result.percent) == (0, 0, 0.0, 0)
    assert (result.changes_per_child, result.workers_per_child) == (0.0, 0.0)
    assert result.median_days_with_current_worker is None
    assert result.reasons_for_change == {}
