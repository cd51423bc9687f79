"""A worker is in a pod throughout a period when their memberships of it cover every day, without a gap."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from services.allocation.rules.membership import held_until, member_throughout

NORTH, SOUTH = uuid.uuid4(), uuid.uuid4()


@dataclass(frozen=True)
class Period:
    pod_id: uuid.UUID
    start_date: date
    end_date: date | None = None


def test_an_open_membership_from_before_covers_any_later_period() -> None:
    assert member_throughout([Period(NORTH, date(2020, 1, 6))], NORTH, date(2024, 1, 8), date(2024, 6, 1))


def test_a_membership_ending_before_the_last_day_does_not() -> None:
    left = [Period(NORTH, date(2020, 1, 6), date(2024, 3, 29))]

    assert not member_throughout(left, NORTH, date(2024, 1, 8), date(2024, 3, 30))
    assert member_throughout(left, NORTH, date(2024, 1, 8), date(2024, 3, 29)), "the end date is the last day"


def test_memberships_of_the_pod_that_follow_on_count_as_one_and_a_gap_or_another_pod_breaks_it() -> None:
    promoted = [Period(NORTH, date(2020, 1, 6), date(2024, 2, 29)), Period(NORTH, date(2024, 3, 1))]
    gap = [Period(NORTH, date(2020, 1, 6), date(2024, 2, 29)), Period(NORTH, date(2024, 3, 5))]
    moved = [Period(NORTH, date(2020, 1, 6), date(2024, 2, 29)), Period(SOUTH, date(2024, 3, 1))]

    assert member_throughout(promoted, NORTH, date(2024, 1, 8), date(2024, 6, 1))
    assert not member_throughout(gap, NORTH, date(2024, 1, 8), date(2024, 6, 1))
    assert not member_throughout(moved, NORTH, date(2024, 1, 8), date(2024, 6, 1))


def test_a_membership_starting_after_the_first_day_does_not_cover_it() -> None:
    assert not member_throughout([Period(NORTH, date(2024, 2, 1))], NORTH, date(2024, 1, 8), date(2024, 6, 1))


def test_an_open_period_must_be_held_until_today_and_an_ended_one_until_its_end() -> None:
    today = date(2024, 6, 1)

    assert held_until(date(2024, 1, 8), None, today) == today
    assert held_until(date(2024, 1, 8), date(2024, 7, 1), today) == date(2024, 7, 1)
