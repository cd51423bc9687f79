"""Questionnaire results: means to one decimal half up, whole per cent shares half up, and suppression that
leaves no respondent to be singled out, even by subtracting the pods shown from the service total."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.feedback.rules.items import ITEM_BANKS, SOCIAL_WORK_HEALTH_CHECK, Answer, Item, answer_values
from services.feedback.rules.quarters import Quarter, quarter_of
from services.feedback.rules.refusals import Refused
from services.feedback.rules.results import (
    mean_to_one_decimal,
    per_cent,
    run_results,
    summarise,
    suppressed_groups,
)

SCALE = Item("q1", "My social worker listens to me")
THRESHOLD = 5


def test_a_mean_of_2_25_is_published_as_2_3_not_bankers_2_2() -> None:
    assert mean_to_one_decimal([2, 2, 2, 3]) == 2.3


def test_one_in_eight_is_13_per_cent_half_up() -> None:
    assert per_cent(1, 8) == 13


def test_a_scale_item_has_its_n_mean_and_shares_positive_neutral_and_negative() -> None:
    result = summarise(SCALE, [5, 4, 4, 3, 2, 1])
    assert (result.n, result.mean, result.positive, result.neutral, result.negative) == (6, 3.2, 50, 17, 33)


def test_a_yes_or_no_item_gives_the_share_saying_yes() -> None:
    item = SOCIAL_WORK_HEALTH_CHECK.items[0]
    assert summarise(item, [1] * 65 + [0] * 35).yes == 65


def test_the_ready_made_banks_have_ten_items_each_for_children_and_parents() -> None:
    assert len(ITEM_BANKS["children_in_care_council"].items) == 10
    assert len(ITEM_BANKS["parents"].items) == 10
    assert {item.kind for item in SOCIAL_WORK_HEALTH_CHECK.items} == {"scale", "yes_no", "share_of_time"}


def test_a_score_outside_1_to_5_is_refused_naming_the_answer() -> None:
    with pytest.raises(Refused, check=lambda refused: refused.field == "answers.0.score"):
        answer_values([SCALE], [Answer("q1", score=6)])


def test_shares_of_time_add_up_to_at_most_100_per_cent() -> None:
    items = [item for item in SOCIAL_WORK_HEALTH_CHECK.items if item.kind == "share_of_time"]
    answer_values(items, [Answer(items[0].code, percent=60), Answer(items[1].code, percent=40)])
    with pytest.raises(Refused, check=lambda refused: refused.field == "answers"):
        answer_values(items, [Answer(items[0].code, percent=70), Answer(items[1].code, percent=40)])


def test_one_small_pod_hidden_beside_the_total_hides_the_next_smallest_too() -> None:
    assert suppressed_groups({"north": 3, "south": 12, "east": 9}, THRESHOLD) == {"north", "east"}


def test_two_small_pods_that_together_reach_the_threshold_are_enough() -> None:
    assert suppressed_groups({"north": 3, "south": 2, "east": 9}, THRESHOLD) == {"north", "south"}


def test_respondents_who_stated_no_pod_are_protected_like_a_pod() -> None:
    responses = [("north", {"q1": 4.0})] * 6 + [("south", {"q1": 2.0})] * 6 + [(None, {"q1": 1.0})] * 2
    results = run_results([SCALE], responses, THRESHOLD)
    shown = {group.group: group.items[0].suppressed for group in results.groups}
    # The two unstated are too few; north (the first of the two next smallest) is hidden with them.
    assert shown == {"north": True, "south": False, None: True}
    assert results.items[0].mean is not None, "the service total is still shown"


def test_a_run_under_the_threshold_shows_nothing() -> None:
    results = run_results([SCALE], [("north", {"q1": 4.0})] * 4, THRESHOLD)
    assert results.suppressed
    assert results.items[0].suppressed


group_sizes = st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e", "f"]), st.integers(0, 12), max_size=6)


@settings(deadline=None)
@given(group_sizes, st.integers(min_value=2, max_value=10))
def test_no_group_under_the_threshold_is_shown_nor_derivable_from_the_total(
    sizes: Mapping[str, int], threshold: int
) -> None:
    hidden = suppressed_groups(sizes, threshold)
    assert all(sizes[group] >= threshold for group in sizes if group not in hidden and sizes[group] > 0)
    concealed = sum(sizes[group] for group in hidden)
    assert concealed == 0 or concealed >= threshold or hidden == {g for g in sizes if sizes[g] > 0}


answers = st.lists(
    st.tuples(
        st.sampled_from(["north", "south", "east", None]),
        st.dictionaries(st.sampled_from(["q1", "q2"]), st.integers(1, 5).map(float), min_size=1),
    ),
    max_size=40,
)


@settings(deadline=None)
@given(answers)
def test_every_item_figure_shown_rests_on_at_least_the_threshold_and_what_is_hidden_cannot_be_subtracted_out(
    responses: list[tuple[str | None, dict[str, float]]],
) -> None:
    items = [SCALE, Item("q2", "I know who my social worker is")]
    results = run_results(items, responses, THRESHOLD)
    for index, item in enumerate(items):
        total = results.items[index]
        sizes = {group.group: group.items[index].n for group in results.groups}
        shown = {group.group for group in results.groups if not group.items[index].suppressed}
        assert all(sizes[group] >= THRESHOLD for group in shown)
        if not total.suppressed:
            assert total.n >= THRESHOLD
            concealed = total.n - sum(sizes[group] for group in shown)
            assert concealed == 0 or concealed >= THRESHOLD, f"{item.code}: {concealed} answers could be derived"
    for group in results.groups:
        if group.suppressed:
            assert all(result.suppressed for result in group.items), "a hidden group is hidden in every item"


def test_quarters_run_april_to_march_and_are_named_by_the_years_they_span() -> None:
    assert quarter_of(date(2024, 4, 1)) == Quarter(2025, 1)
    assert quarter_of(date(2025, 3, 31)) == Quarter(2025, 4)
    assert (Quarter(2025, 3).start, Quarter(2025, 3).end) == (date(2024, 10, 1), date(2024, 12, 31))
    assert Quarter(2025, 4).label == "2024-25 Q4"
    assert Quarter(2025, 1).a_year_earlier == Quarter(2024, 1)


@settings(deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_every_day_falls_in_its_quarter(day: date) -> None:
    quarter = quarter_of(day)
    assert quarter.start <= day <= quarter.end
