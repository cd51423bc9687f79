"""Working days in England: weekends, bank holidays of England and Wales and the council's closures are skipped."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from shared.calendar import WorkingDays

CALENDAR = WorkingDays()
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


def test_ten_working_days_from_a_friday_before_christmas_skip_the_bank_holidays_and_new_year() -> None:
    # Received Friday 19 December 2025: 22-24, 29-31 Dec, 2, 5, 6, 7 Jan are the ten working days.
    assert CALENDAR.add(date(2025, 12, 19), 10) == date(2026, 1, 7)


def test_easter_friday_and_monday_are_not_working_days() -> None:
    # Received Thursday 2 April 2026; Good Friday 3 and Easter Monday 6 April are bank holidays.
    assert CALENDAR.add(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_a_boxing_day_on_a_saturday_moves_its_holiday_to_the_monday() -> None:
    assert not CALENDAR.is_working_day(date(2026, 12, 28))


def test_the_councils_closure_days_are_skipped_too() -> None:
    closed = WorkingDays(closures=[date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31)])
    assert closed.add(date(2025, 12, 19), 10) == date(2026, 1, 12)


@given(days, st.integers(min_value=0, max_value=80))
def test_adding_n_working_days_lands_on_a_working_day_exactly_n_working_days_later(start: date, n: int) -> None:
    due = CALENDAR.add(start, n)
    assert CALENDAR.between(start, due) == n
    assert n == 0 or CALENDAR.is_working_day(due)


@given(days, days)
def test_counting_is_antisymmetric_and_never_more_than_the_calendar_days(one: date, other: date) -> None:
    assert CALENDAR.between(one, other) == -CALENDAR.between(other, one)
    assert abs(CALENDAR.between(one, other)) <= abs((other - one).days)


@given(days)
def test_every_week_has_five_working_days_less_its_holidays(monday: date) -> None:
    monday -= timedelta(days=monday.weekday())
    working = CALENDAR.between(monday - timedelta(days=1), monday + timedelta(days=6))
    holidays_that_week = sum(1 for offset in range(5) if not CALENDAR.is_working_day(monday + timedelta(days=offset)))
    assert working == 5 - holidays_that_week
