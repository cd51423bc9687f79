"""The visit clock: last seen, seen alone, next due and overdue per status, from configurable intervals."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.records.rules.visits import OpenStatus, Sighting, VisitIntervals, visit_clock
from shared.calendar import WorkingDays

CALENDAR = WorkingDays()
DEFAULTS = VisitIntervals()


def _seen(day: date, *, alone: bool = True, kind: str = "home") -> Sighting:
    return Sighting(day, kind, seen=True, seen_alone=alone)


def test_a_looked_after_child_is_due_six_weeks_after_they_were_last_seen() -> None:
    clock = visit_clock(
        [OpenStatus("CLA", date(2024, 1, 8))], [_seen(date(2024, 2, 5))], date(2024, 3, 1), DEFAULTS, CALENDAR
    )

    assert (clock.last_seen, clock.next_due, clock.overdue) == (date(2024, 2, 5), date(2024, 3, 18), False)


def test_a_child_protection_visit_is_due_ten_working_days_on_skipping_the_easter_bank_holidays() -> None:
    # Seen on Wednesday 20 March 2024; Good Friday (29 March) and Easter Monday (1 April) are not working days.
    clock = visit_clock(
        [OpenStatus("CP", date(2024, 1, 8))], [_seen(date(2024, 3, 20))], date(2024, 3, 21), DEFAULTS, CALENDAR
    )

    assert clock.next_due == date(2024, 4, 5)


def test_council_closure_days_are_not_working_days_for_the_clock() -> None:
    closed = WorkingDays([date(2024, 12, 27), date(2024, 12, 30), date(2024, 12, 31)])
    seen = [_seen(date(2024, 12, 20))]

    open_ = visit_clock([OpenStatus("CP", date(2024, 1, 8))], seen, date(2024, 12, 21), DEFAULTS, CALENDAR)
    shut = visit_clock([OpenStatus("CP", date(2024, 1, 8))], seen, date(2024, 12, 21), DEFAULTS, closed)

    assert (open_.next_due, shut.next_due) == (date(2025, 1, 8), date(2025, 1, 13))


def test_an_unsuccessful_visit_never_resets_the_clock() -> None:
    statuses = [OpenStatus("CIN", date(2024, 1, 8))]
    before = visit_clock(statuses, [_seen(date(2024, 2, 1))], date(2024, 4, 1), DEFAULTS, CALENDAR)
    failed = Sighting(date(2024, 3, 1), "unsuccessful", seen=False, seen_alone=False)

    after = visit_clock(statuses, [_seen(date(2024, 2, 1)), failed], date(2024, 4, 1), DEFAULTS, CALENDAR)

    assert after == before
    assert after.overdue, "20 working days after 1 February is long gone on 1 April"


def test_a_child_not_seen_on_a_visit_keeps_their_clock_running() -> None:
    statuses = [OpenStatus("CP", date(2024, 1, 8))]
    not_seen = Sighting(date(2024, 2, 20), "home", seen=False, seen_alone=False)

    clock = visit_clock(statuses, [_seen(date(2024, 2, 1)), not_seen], date(2024, 2, 21), DEFAULTS, CALENDAR)

    assert clock.last_seen == date(2024, 2, 1)


def test_the_clock_of_a_new_status_starts_when_the_status_starts() -> None:
    clock = visit_clock(
        [OpenStatus("CP", date(2024, 3, 4))], [_seen(date(2024, 2, 1))], date(2024, 3, 5), DEFAULTS, CALENDAR
    )

    [cp] = clock.clocks
    assert (cp.since, cp.due_on) == (date(2024, 3, 4), date(2024, 3, 18))


def test_the_next_visit_is_due_by_the_most_demanding_open_status() -> None:
    statuses = [OpenStatus("CLA", date(2024, 1, 8)), OpenStatus("CP", date(2024, 1, 8))]
    clock = visit_clock(statuses, [_seen(date(2024, 2, 5))], date(2024, 2, 6), DEFAULTS, CALENDAR)

    assert clock.next_due == date(2024, 2, 19)
    assert {c.status: c.interval for c in clock.clocks} == {"CLA": "every 6 weeks", "CP": "every 10 working days"}


def test_seen_alone_is_kept_apart_from_seen() -> None:
    sightings = [_seen(date(2024, 1, 10)), _seen(date(2024, 2, 1), alone=False)]
    clock = visit_clock([OpenStatus("CIN", date(2024, 1, 8))], sightings, date(2024, 2, 2), DEFAULTS, CALENDAR)

    assert (clock.last_seen, clock.last_seen_alone) == (date(2024, 2, 1), date(2024, 1, 10))


def test_a_closed_status_has_no_clock_and_intervals_are_configurable() -> None:
    statuses = [OpenStatus("CP", date(2023, 1, 9), date(2023, 6, 1)), OpenStatus("CLA", date(2024, 1, 8))]
    clock = visit_clock(statuses, [], date(2024, 1, 9), VisitIntervals(looked_after_weeks=4), CALENDAR)

    assert [(c.status, c.due_on) for c in clock.clocks] == [("CLA", date(2024, 2, 5))]


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(start=days, visits=st.lists(st.integers(min_value=0, max_value=400), max_size=6), later=st.integers(0, 400))
def test_a_visit_that_sees_the_child_never_brings_the_next_due_date_forward(
    start: date, visits: list[int], later: int
) -> None:
    statuses = [OpenStatus("CP", start), OpenStatus("CLA", start)]
    sightings = [_seen(start + timedelta(days=offset)) for offset in visits]
    as_at = start + timedelta(days=800)
    before = visit_clock(statuses, sightings, as_at, DEFAULTS, CALENDAR)

    after = visit_clock(statuses, [*sightings, _seen(start + timedelta(days=later))], as_at, DEFAULTS, CALENDAR)

    assert after.next_due is not None
    assert before.next_due is not None
    assert after.next_due >= before.next_due


@given(seen=days, kind=st.sampled_from(["CIN", "CP", "CLA"]))
def test_a_child_seen_today_is_never_overdue_today_and_always_due_later(seen: date, kind: str) -> None:
    clock = visit_clock([OpenStatus(kind, seen - timedelta(days=30))], [_seen(seen)], seen, DEFAULTS, CALENDAR)

    [status] = clock.clocks
    assert not status.overdue
    assert status.due_on > seen
