from datetime import date

from services.kpi.rules.continuity import dfe_social_worker_instability
from services.kpi.rules.facts import reporting_year
from tests.unit.kpi.kpi_builders import episode, looked_after

YEAR = 2024
APRIL_1 = date(2023, 4, 1)
MARCH_31 = date(2024, 3, 31)


def test_the_reporting_year_is_named_by_its_end_year() -> None:
    assert reporting_year(2024) == (date(2023, 4, 1), date(2024, 3, 31))


def test_a_to_b_to_a_is_two_workers_for_dfe() -> None:
    episodes = [
        episode("amy", "a", date(2023, 5, 1), date(2023, 7, 1)),
        episode("amy", "b", date(2023, 7, 1), date(2023, 9, 1)),
        episode("amy", "a", date(2023, 9, 1)),
    ]
    result = dfe_social_worker_instability(YEAR, episodes, [looked_after("amy", date(2023, 1, 1))])
    (amy,) = result.children
    assert (amy.worker_count, amy.workers, amy.changes) == (2, ("a", "b"), 2)
    assert result.numerator == 0


def test_a_child_looked_after_under_c2_who_had_three_workers_before_care_counts_three() -> None:
    episodes = [
        episode("amy", "a", date(2023, 1, 1), date(2023, 6, 1), case="case-1"),
        episode("amy", "b", date(2023, 6, 1), date(2023, 8, 1), case="case-1"),
        episode("amy", "c", date(2023, 10, 1), case="case-2"),
    ]
    statuses = [looked_after("amy", date(2024, 1, 10), legal_status="C2")]
    result = dfe_social_worker_instability(YEAR, episodes, statuses)
    assert result.children[0].worker_count == 3
    assert (result.numerator, result.denominator, result.percent) == (1, 1, 100)
    assert result.distribution == {"0": 0, "1": 0, "2": 0, "3": 1, "4+": 0}


def test_children_looked_after_on_31_march_only_under_short_breaks_are_outside_the_dfe_cohort() -> None:
    statuses = [
        looked_after("v3-only", date(2023, 1, 1), legal_status="V3"),
        looked_after("v4-only", date(2023, 1, 1), legal_status="V4"),
        looked_after("v3-and-v4", date(2023, 1, 1), legal_status="V3"),
        looked_after("v3-and-v4", date(2023, 6, 1), legal_status="V4"),
        looked_after("care-order-then-breaks", date(2022, 1, 1), date(2023, 6, 1), legal_status="C2"),
        looked_after("care-order-then-breaks", date(2023, 6, 1), legal_status="V4"),
        looked_after("breaks-then-care-order", date(2022, 1, 1), date(2023, 6, 1), legal_status="V3"),
        looked_after("breaks-then-care-order", date(2023, 6, 1), legal_status="C2"),
        looked_after("breaks-beside-an-order", date(2023, 1, 1), legal_status="V3"),
        looked_after("breaks-beside-an-order", date(2023, 1, 1), legal_status="C1"),
    ]
    result = dfe_social_worker_instability(YEAR, [], statuses)
    assert [row.child_id for row in result.children] == ["breaks-beside-an-order", "breaks-then-care-order"]


def test_a_child_who_ceased_care_on_31_march_is_not_looked_after_on_31_march() -> None:
    statuses = [
        looked_after("left", date(2022, 1, 1), MARCH_31),
        looked_after("stayed", date(2022, 1, 1), date(2024, 4, 1)),
    ]
    result = dfe_social_worker_instability(YEAR, [], statuses)
    assert [row.child_id for row in result.children] == ["stayed"]


def test_a_child_who_came_into_care_on_31_march_is_in_the_cohort() -> None:
    result = dfe_social_worker_instability(YEAR, [], [looked_after("amy", MARCH_31)])
    assert result.denominator == 1


def test_an_episode_ending_on_31_march_is_last_year_and_one_starting_1_april_is_this_year() -> None:
    episodes = [
        episode("amy", "last-year", date(2022, 6, 1), date(2023, 3, 31)),
        episode("amy", "this-year", APRIL_1, MARCH_31),
        episode("amy", "next-year", date(2024, 4, 1)),
    ]
    result = dfe_social_worker_instability(YEAR, episodes, [looked_after("amy", date(2022, 1, 1))])
    assert result.children[0].workers == ("this-year",)


def test_a_worker_handed_over_on_1_april_still_counts_in_the_year_that_starts_that_day() -> None:
    episodes = [episode("amy", "a", date(2022, 6, 1), APRIL_1), episode("amy", "b", APRIL_1)]
    result = dfe_social_worker_instability(YEAR, episodes, [looked_after("amy", date(2022, 1, 1))])
    assert result.children[0].workers == ("a", "b")


def test_a_cohort_child_without_any_worker_stays_in_the_denominator_with_none() -> None:
    result = dfe_social_worker_instability(YEAR, [], [looked_after("amy", date(2023, 1, 1))])
    assert (result.numerator, result.denominator, result.ratio, result.percent) == (0, 1, 0.0, 0)
    assert result.distribution["0"] == 1
    assert result.children[0].worker_count == 0


def test_the_headline_is_the_share_with_three_or_more_workers_rounded_half_up() -> None:
    workers_of_child = {"c1": 1, "c2": 2, "c3": 3, "c4": 4, "c5": 5, "c6": 1, "c7": 1, "c8": 2}
    episodes = [
        episode(child, f"w{n}", date(2023, 4 + n, 1), date(2023, 5 + n, 1))
        for child, count in workers_of_child.items()
        for n in range(count)
    ]
    statuses = [looked_after(child, date(2023, 1, 1)) for child in workers_of_child]
    result = dfe_social_worker_instability(YEAR, episodes, statuses)
    assert (result.numerator, result.denominator, result.ratio) == (3, 8, 0.375)
    assert result.percent == 38
    assert result.distribution == {"0": 0, "1": 3, "2": 2, "3": 1, "4+": 2}


def test_an_episode_shorter_than_24_hours_counts_and_is_flagged() -> None:
    episodes = [
        episode("amy", "a", date(2023, 5, 1), date(2023, 6, 1)),
        episode("amy", "b", date(2023, 6, 1), date(2023, 6, 1)),
        episode("amy", "c", date(2023, 6, 1)),
    ]
    result = dfe_social_worker_instability(YEAR, episodes, [looked_after("amy", date(2023, 1, 1))])
    assert result.children[0].worker_count == 3
    (warning,) = result.data_quality_warnings
    assert (warning.code, warning.allocation_id) == ("episode_under_24_hours", "amy:b:2023-06-01")


def test_an_episode_ending_before_it_starts_is_left_out_and_flagged() -> None:
    episodes = [
        episode("amy", "a", date(2023, 5, 1)),
        episode("amy", "typo", date(2023, 9, 1), date(2023, 8, 1)),
    ]
    result = dfe_social_worker_instability(YEAR, episodes, [looked_after("amy", date(2023, 1, 1))])
    assert result.children[0].workers == ("a",)
    assert [warning.code for warning in result.data_quality_warnings] == ["episode_ends_before_it_starts"]


def test_the_pod_filter_keeps_children_held_by_that_pod_on_31_march() -> None:
    episodes = [
        episode("amy", "a", date(2023, 5, 1), date(2023, 9, 1), pod="north"),
        episode("amy", "b", date(2023, 9, 1), pod="south"),
        episode("ben", "c", date(2023, 5, 1), date(2024, 1, 1), pod="north"),
    ]
    statuses = [looked_after("amy", date(2023, 1, 1)), looked_after("ben", date(2023, 1, 1))]
    north = dfe_social_worker_instability(YEAR, episodes, statuses, pod_id="north")
    south = dfe_social_worker_instability(YEAR, episodes, statuses, pod_id="south")
    assert ([row.child_id for row in north.children], north.pod_id) == (["ben"], "north")
    assert [row.child_id for row in south.children] == ["amy"]


def test_no_children_give_a_zero_denominator_without_crashing() -> None:
    result = dfe_social_worker_instability(YEAR, [], [])
    assert (result.numerator, result.denominator, result.ratio, result.percent) == (0, 0, 0.0, 0)
    assert result.cohort == "dfe_sw_instability"
    assert (result.window_from, result.window_to, result.as_at) == (APRIL_1, MARCH_31, MARCH_31)
