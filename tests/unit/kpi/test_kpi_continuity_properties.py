from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.kpi.rules.continuity import (
    commissioner_changes,
    dfe_social_worker_instability,
    local_continuity,
)
from services.kpi.rules.facts import Episode, StatusPeriod
from tests.unit.kpi.kpi_builders import case, episode, looked_after

YEAR = 2024
CHILDREN = ("amy", "ben", "cal", "dan")
STATUSES = [
    looked_after("amy", date(2022, 1, 1)),
    looked_after("ben", date(2023, 10, 1), legal_status="V2"),
    looked_after("cal", date(2022, 1, 1), date(2024, 3, 31)),
    looked_after("dan", date(2022, 1, 1), legal_status="V4"),
]
CASES = [case(child, date(2021, 1, 1)) for child in CHILDREN]


@st.composite
def episodes(draw: st.DrawFn) -> list[Episode]:
    drawn = []
    for index in range(draw(st.integers(min_value=0, max_value=14))):
        start = date(2022, 1, 1) + timedelta(days=draw(st.integers(min_value=0, max_value=900)))
        length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=400)))
        drawn.append(
            episode(
                draw(st.sampled_from(CHILDREN)),
                draw(st.sampled_from(("w1", "w2", "w3", "w4"))),
                start,
                None if length is None else start + timedelta(days=length),
                pod=draw(st.sampled_from(("north", "south"))),
                reason=draw(st.sampled_from((None, "MANAGE", "LEFTRL"))),
                allocation=f"allocation-{index}",
            )
        )
    return drawn


def all_measures(given_episodes: list[Episode], statuses: list[StatusPeriod]) -> tuple[object, ...]:
    return (
        dfe_social_worker_instability(YEAR, given_episodes, statuses),
        commissioner_changes(YEAR, given_episodes, statuses),
        local_continuity(date(2023, 4, 1), date(2024, 3, 31), "all", given_episodes, statuses, CASES),
    )


@given(st.data(), episodes())
def test_the_figures_do_not_depend_on_the_order_of_the_episodes(
    data: st.DataObject,
    drawn: list[Episode],
) -> None:
    shuffled = data.draw(st.permutations(drawn))
    assert all_measures(shuffled, STATUSES[::-1]) == all_measures(drawn, STATUSES)


@given(episodes(), st.data())
def test_duplicating_episodes_does_not_change_dfe_worker_counts(
    drawn: list[Episode],
    data: st.DataObject,
) -> None:
    copies = data.draw(st.lists(st.sampled_from(drawn), max_size=10)) if drawn else []
    original = dfe_social_worker_instability(YEAR, drawn, STATUSES)
    duplicated = dfe_social_worker_instability(YEAR, drawn + copies, STATUSES)
    worker_counts = [row.worker_count for row in original.children]
    assert [row.worker_count for row in duplicated.children] == worker_counts
    assert duplicated == original


@given(episodes())
def test_dfe_worker_counts_match_a_plain_count_of_distinct_workers_in_the_year(drawn: list[Episode]) -> None:
    result = dfe_social_worker_instability(YEAR, drawn, STATUSES)
    assert [row.child_id for row in result.children] == ["amy", "ben"]
    for row in result.children:
        in_year = {
            e.worker_id
            for e in drawn
            if e.child_id == row.child_id
            and e.start <= date(2024, 3, 31)
            and (e.end is None or e.end >= date(2023, 4, 1))
        }
        assert row.worker_count == len(in_year)
    assert sum(result.distribution.values()) == result.denominator
