from datetime import date

from services.kpi.rules.continuity import commissioner_changes
from tests.unit.kpi.kpi_builders import episode, looked_after

YEAR = 2024
IN_CARE = [looked_after("amy", date(2022, 1, 1))]


def test_a_to_b_to_a_is_two_changes_for_the_commissioner() -> None:
    episodes = [
        episode("amy", "a", date(2023, 5, 1), date(2023, 7, 1)),
        episode("amy", "b", date(2023, 7, 1), date(2023, 9, 1)),
        episode("amy", "a", date(2023, 9, 1)),
    ]
    result = commissioner_changes(YEAR, episodes, IN_CARE)
    assert result.children[0].changes == 2
    assert (result.numerator, result.denominator, result.percent) == (1, 1, 100)


def test_a_childs_first_allocation_is_not_a_change() -> None:
    result = commissioner_changes(YEAR, [episode("amy", "a", date(2023, 6, 1))], IN_CARE)
    assert result.children[0].changes == 0
    assert result.at_least_one_change.numerator == 0


def test_only_changes_starting_inside_the_year_count() -> None:
    episodes = [
        episode("amy", "a", date(2022, 1, 1), date(2023, 3, 31)),
        episode("amy", "b", date(2023, 3, 31), date(2023, 4, 1)),
        episode("amy", "c", date(2023, 4, 1)),
    ]
    result = commissioner_changes(YEAR, episodes, IN_CARE)
    assert result.children[0].changes == 1


def test_a_new_episode_with_the_same_worker_is_not_a_change() -> None:
    episodes = [
        episode("amy", "a", date(2023, 5, 1), date(2023, 7, 1), case="case-1"),
        episode("amy", "a", date(2023, 8, 1), case="case-2", pod="pod-b"),
    ]
    result = commissioner_changes(YEAR, episodes, IN_CARE)
    assert (result.children[0].changes, result.children[0].pod_changes) == (0, 0)


def test_exact_duplicate_episodes_are_cleaned() -> None:
    first = episode("amy", "a", date(2023, 5, 1), date(2023, 7, 1))
    second = episode("amy", "b", date(2023, 7, 1))
    copy = episode("amy", "a", date(2023, 5, 1), date(2023, 7, 1), allocation="recorded-twice")
    result = commissioner_changes(YEAR, [first, second, first, copy], IN_CARE)
    assert result.children[0].changes == 1
    assert result.duplicates_dropped == 2


def test_an_episode_lying_entirely_inside_another_is_dropped() -> None:
    episodes = [
        episode("amy", "a", date(2023, 5, 1)),
        episode("amy", "b", date(2023, 8, 1), date(2023, 9, 1)),
        episode("amy", "c", date(2023, 5, 1), date(2023, 6, 1)),
    ]
    result = commissioner_changes(YEAR, episodes, IN_CARE)
    assert result.children[0].changes == 0
    assert result.overlapped_dropped == 2


def test_of_episodes_overlapping_in_part_both_are_kept() -> None:
    episodes = [
        episode("amy", "a", date(2023, 5, 1), date(2023, 8, 1)),
        episode("amy", "b", date(2023, 7, 1)),
    ]
    result = commissioner_changes(YEAR, episodes, IN_CARE)
    assert (result.children[0].changes, result.overlapped_dropped) == (1, 0)


def test_pod_changes_are_counted_separately() -> None:
    episodes = [
        episode("amy", "a", date(2023, 5, 1), date(2023, 6, 1), pod="north"),
        episode("amy", "b", date(2023, 6, 1), date(2023, 7, 1), pod="north"),
        episode("amy", "c", date(2023, 7, 1), pod="south"),
        episode("ben", "d", date(2023, 5, 1), date(2023, 6, 1), pod="north"),
        episode("ben", "e", date(2023, 6, 1), date(2023, 7, 1), pod="south"),
        episode("ben", "f", date(2023, 7, 1), pod="north"),
    ]
    statuses = [*IN_CARE, looked_after("ben", date(2022, 1, 1))]
    result = commissioner_changes(YEAR, episodes, statuses)
    assert [(row.changes, row.pod_changes) for row in result.children] == [(2, 1), (2, 2)]
    assert result.at_least_one_pod_change.numerator == 2
    assert result.two_or_more_pod_changes.numerator == 1
    assert result.two_or_more_pod_changes.percent == 50


def test_a_looked_after_child_without_an_episode_open_on_31_march_is_outside_the_cohort() -> None:
    episodes = [
        episode("amy", "a", date(2023, 5, 1), date(2024, 3, 31)),
        episode("ben", "b", date(2023, 5, 1)),
    ]
    statuses = [*IN_CARE, looked_after("ben", date(2022, 1, 1))]
    result = commissioner_changes(YEAR, episodes, statuses)
    assert [row.child_id for row in result.children] == ["ben"]


def test_a_child_with_a_worker_but_not_looked_after_on_31_march_is_outside_the_cohort() -> None:
    statuses = [looked_after("amy", date(2022, 1, 1), date(2024, 3, 1))]
    result = commissioner_changes(YEAR, [episode("amy", "a", date(2023, 5, 1))], statuses)
    assert result.denominator == 0


def test_no_children_give_zero_denominators_without_crashing() -> None:
    result = commissioner_changes(YEAR, [], [])
    assert (result.numerator, result.denominator, result.ratio, result.percent) == (0, 0, 0.0, 0)
    assert result.at_least_one_change.denominator == 0
    assert result.cohort == "cco_stability_index_sw"


def test_children_looked_after_only_under_short_breaks_are_outside_the_commissioners_cohort() -> None:
    """As in the DfE's count of children looked after at 31 March, which the Commissioner's cohort matches."""
    statuses = [
        looked_after("amy", date(2022, 1, 1), legal_status="V3"),
        looked_after("ben", date(2022, 1, 1), legal_status="V4"),
        looked_after("cal", date(2022, 1, 1), legal_status="V3"),
        looked_after("cal", date(2023, 6, 1), legal_status="C2"),
        looked_after("dee", date(2022, 1, 1), date(2023, 6, 1), legal_status="C2"),
        looked_after("dee", date(2023, 6, 1), legal_status="V4"),
    ]
    episodes = [episode(child, "a", date(2023, 5, 1)) for child in ("amy", "ben", "cal", "dee")]

    result = commissioner_changes(YEAR, episodes, statuses)

    assert [row.child_id for row in result.children] == ["cal"], "only the child with another legal status on 31 March"
    assert result.denominator == 1
