"""Properties of the stage clocks over any day from 2015 to 2035 and any stage length the procedures allow."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.feedback.rules.clocks import clock, stage_in_time
from services.feedback.rules.complaints import check_escalation, check_extension
from services.feedback.rules.refusals import Refused
from shared.calendar import WorkingDays
from tests.unit.feedback.builders import STATUTORY, answered, received, with_current

CALENDAR = WorkingDays()
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
lengths = st.integers(min_value=1, max_value=65)
FAR_FUTURE = date(2040, 1, 1)


@settings(deadline=None)
@given(days, lengths)
def test_a_clock_is_due_on_a_working_day_exactly_its_length_in_working_days_after_it_starts(
    start: date, length: int
) -> None:
    due = clock(CALENDAR, "response", 1, start, length, None).due_on
    assert CALENDAR.is_working_day(due)
    assert CALENDAR.between(start, due) == length
    # Nothing between the start and the day due is skipped twice: at most two weeks of holidays per ten days.
    assert (due - start).days <= length * 7 // 5 + 14


@settings(deadline=None)
@given(days, lengths, lengths)
def test_a_longer_clock_is_never_due_earlier(start: date, one: int, other: int) -> None:
    shorter, longer = sorted((one, other))
    assert (
        clock(CALENDAR, "response", 1, start, shorter, None).due_on
        <= clock(CALENDAR, "response", 1, start, longer, None).due_on
    )


@settings(deadline=None)
@given(days, lengths, st.integers(min_value=-30, max_value=30))
def test_an_answer_is_in_time_exactly_when_it_comes_on_or_before_the_day_due(
    start: date, length: int, offset: int
) -> None:
    due = clock(CALENDAR, "response", 1, start, length, None).due_on
    answered_on = max(start, due + timedelta(days=offset))
    record = answered(with_current(received(start), working_days=length), answered_on)
    assert stage_in_time(record.current, STATUTORY, CALENDAR) is (answered_on <= due)


@settings(deadline=None)
@given(days, lengths, days)
def test_days_left_is_zero_on_the_day_due_and_falls_by_one_each_working_day(
    start: date, length: int, today: date
) -> None:
    running = clock(CALENDAR, "response", 1, start, length, None)
    left = running.days_left(CALENDAR, today)
    assert (left == 0) == (CALENDAR.between(today, running.due_on) == 0)
    following = today + timedelta(days=1)
    expected = left - 1 if CALENDAR.is_working_day(following) else left
    assert running.days_left(CALENDAR, following) == expected


@settings(deadline=None)
@given(days, st.integers(min_value=11, max_value=25))
def test_stage_1_extends_only_to_20_and_never_shortens(received_on: date, asked: int) -> None:
    record = received(received_on)
    if asked > 20:
        with pytest.raises(Refused, check=lambda refused: refused.field == "working_days"):
            check_extension(record, STATUTORY, CALENDAR, agreed_on=received_on, working_days=asked, today=FAR_FUTURE)
        return
    extension = check_extension(
        record, STATUTORY, CALENDAR, agreed_on=received_on, working_days=asked, today=FAR_FUTURE
    )
    assert extension.due_on >= CALENDAR.add(received_on, 10)
    assert CALENDAR.between(received_on, extension.due_on) == asked


@settings(deadline=None)
@given(days, st.integers(min_value=0, max_value=40))
def test_the_next_stage_may_be_asked_for_within_20_working_days_of_the_answer(answer: date, later: int) -> None:
    record = answered(received(answer), answer)
    requested = answer + timedelta(days=later)
    # A request on a weekend or holiday after the 20th working day counts from the next working day: late.
    counted = CALENDAR.between(answer, requested)
    within = counted < 20 or (counted == 20 and CALENDAR.is_working_day(requested))
    if not within:
        with pytest.raises(Refused, check=lambda refused: refused.field == "requested_on"):
            check_escalation(record, STATUTORY, CALENDAR, requested_on=requested, late_reason=None, today=FAR_FUTURE)
        return
    escalation = check_escalation(
        record, STATUTORY, CALENDAR, requested_on=requested, late_reason=None, today=FAR_FUTURE
    )
    assert escalation.within_window
