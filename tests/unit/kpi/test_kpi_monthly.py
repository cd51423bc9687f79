from datetime import date

import pytest

from services.kpi.rules.facts import ChildFacts
from services.kpi.rules.monthly import monthly_monitoring
from tests.unit.kpi.kpi_builders import case, episode, looked_after, status

NOVEMBER, JANUARY = (2015, 11), (2016, 1)


def test_looked_after_children_exclude_unaccompanied_asylum_seekers_but_their_cases_count() -> None:
    cases = [case("amy", date(2015, 1, 1)), case("uma", date(2015, 1, 1))]
    statuses = [looked_after("amy", date(2015, 1, 1)), looked_after("uma", date(2015, 1, 1))]
    children = [ChildFacts("amy", uasc=False), ChildFacts("uma", uasc=True)]
    result = monthly_monitoring(NOVEMBER, NOVEMBER, cases, statuses, children, [])
    (november,) = result.service
    assert (november.open_cases.count, november.looked_after_excluding_uasc.count) == (2, 1)


def test_a_backdated_status_moves_the_earlier_months_figure_when_re_run() -> None:
    cases = [case("amy", date(2015, 1, 1))]
    before = monthly_monitoring(NOVEMBER, JANUARY, cases, [], [], [])
    backdated = [status("amy", "CP", date(2015, 11, 20))]
    after = monthly_monitoring(NOVEMBER, JANUARY, cases, backdated, [], [])
    assert [month.cp_plans.count for month in before.service] == [0, 0, 0]
    assert [month.cp_plans.count for month in after.service] == [1, 1, 1]


def test_a_period_counts_at_a_month_end_it_is_open_at_the_end_of() -> None:
    cases = [
        case("closed-on-the-month-end", date(2015, 1, 1), date(2015, 11, 30)),
        case("opened-on-the-month-end", date(2015, 11, 30)),
        case("opened-the-day-after", date(2015, 12, 1)),
    ]
    result = monthly_monitoring(NOVEMBER, NOVEMBER, cases, [], [], [])
    assert result.service[0].open_cases.count == 1
    assert result.first_month_end == result.last_month_end == date(2015, 11, 30)


def test_changes_are_against_the_previous_month_and_the_start_of_the_range() -> None:
    cases = [
        case("amy", date(2015, 1, 1)),
        case("ben", date(2015, 11, 15)),
        case("cal", date(2015, 12, 15)),
        case("dan", date(2015, 1, 1), date(2016, 1, 10)),
    ]
    result = monthly_monitoring(NOVEMBER, JANUARY, cases, [], [], [])
    assert [
        (
            month.open_cases.count,
            month.open_cases.change_since_previous_month,
            month.open_cases.change_since_start,
        )
        for month in result.service
    ] == [(3, 1, 0), (4, 1, 1), (3, -1, 0)]


def test_children_are_counted_in_the_pod_of_their_episode_open_at_each_month_end() -> None:
    cases = [case("amy", date(2015, 1, 1)), case("ben", date(2015, 1, 1))]
    episodes = [
        episode("amy", "a", date(2015, 1, 1), date(2015, 12, 10), pod="north"),
        episode("amy", "b", date(2015, 12, 10), pod="south"),
        episode("ben", "c", date(2015, 12, 31), pod="south"),
    ]
    result = monthly_monitoring(NOVEMBER, JANUARY, cases, [], [], episodes)
    open_cases = {pod: [month.open_cases.count for month in months] for pod, months in result.pods.items()}
    assert open_cases == {"north": [1, 0, 0], "south": [0, 2, 2], "unallocated": [1, 0, 0]}
    assert [month.month_end for month in result.pods["north"]] == [
        date(2015, 11, 30),
        date(2015, 12, 31),
        date(2016, 1, 31),
    ]


def test_a_child_with_two_overlapping_periods_counts_once() -> None:
    statuses = [status("amy", "CP", date(2015, 1, 1)), status("amy", "CP", date(2015, 6, 1), case="other")]
    result = monthly_monitoring(NOVEMBER, NOVEMBER, [], statuses, [], [])
    assert result.service[0].cp_plans.count == 1


def test_a_reversed_or_impossible_month_range_is_refused() -> None:
    with pytest.raises(ValueError, match="months"):
        monthly_monitoring(JANUARY, NOVEMBER, [], [], [], [])
    with pytest.raises(ValueError, match="months"):
        monthly_monitoring((2015, 13), (2016, 1), [], [], [], [])


def test_no_facts_give_a_series_of_zeros_without_crashing() -> None:
    result = monthly_monitoring(NOVEMBER, JANUARY, [], [], [], [])
    assert [month.open_cases.count for month in result.service] == [0, 0, 0]
    assert result.pods == {}
    assert result.cohort == "monthly_monitoring"


def test_children_looked_after_only_under_short_breaks_are_not_counted_as_looked_after() -> None:
    """National statistics of children looked after leave out children looked after only under V3/V4."""
    cases = [case(child, date(2015, 1, 1)) for child in ("amy", "ben", "cal")]
    statuses = [
        looked_after("amy", date(2015, 1, 1), legal_status="V3"),
        looked_after("ben", date(2015, 1, 1), legal_status="V4"),
        looked_after("ben", date(2015, 12, 10), legal_status="C2"),
        looked_after("cal", date(2015, 1, 1), legal_status="C2"),
    ]

    result = monthly_monitoring(NOVEMBER, JANUARY, cases, statuses, [], [])

    assert [month.looked_after_excluding_uasc.count for month in result.service] == [1, 2, 2]
    assert [month.open_cases.count for month in result.service] == [3, 3, 3], "their cases are still open cases"
