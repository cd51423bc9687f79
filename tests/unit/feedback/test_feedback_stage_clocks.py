"""The statutory clocks in working days, across Christmas, New Year and Easter, with the council's closure days."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from services.feedback.rules.clocks import ComplaintRecord, clocks_of, stage_in_time
from services.feedback.rules.complaints import check_extension
from services.feedback.rules.procedures import Procedure, corporate, statutory
from shared.calendar import WorkingDays
from tests.unit.feedback.builders import STATUTORY, answered, next_stage, received, with_current

CALENDAR = WorkingDays()
CLOSED_BETWEEN_CHRISTMAS_AND_NEW_YEAR = WorkingDays([date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31)])


def _due(
    record: ComplaintRecord, name: str, calendar: WorkingDays = CALENDAR, procedure: Procedure = STATUTORY
) -> date:
    """The due day of the latest clock of that name (the current stage's)."""
    clocks = clocks_of(record, procedure, calendar)
    return [c.due_on for c in clocks if c.name == name][-1]


def test_a_stage_1_complaint_received_the_friday_before_christmas_is_due_on_7_january() -> None:
    # 22-24 and 29-31 December, 2, 5, 6, 7 January: Christmas, Boxing Day, New Year's Day and weekends skipped.
    assert _due(received(date(2025, 12, 19)), "response") == date(2026, 1, 7)


def test_the_councils_closure_days_between_christmas_and_new_year_push_stage_1_on_three_days() -> None:
    assert _due(received(date(2025, 12, 19)), "response", CLOSED_BETWEEN_CHRISTMAS_AND_NEW_YEAR) == date(2026, 1, 12)


def test_a_complaint_received_on_christmas_eve_is_acknowledged_by_30_december() -> None:
    assert _due(received(date(2025, 12, 24)), "acknowledgement") == date(2025, 12, 30)


def test_easter_friday_and_monday_are_skipped_by_the_acknowledgement() -> None:
    assert _due(received(date(2026, 4, 1)), "acknowledgement") == date(2026, 4, 7)


def test_stage_2_asked_for_in_march_is_due_25_working_days_later_after_easter() -> None:
    record = next_stage(answered(received(date(2026, 2, 2)), date(2026, 2, 13)), date(2026, 3, 16))
    # 20 April without Easter; Good Friday (3 April) and Easter Monday (6 April) make it 22 April.
    assert _due(record, "response") == date(2026, 4, 22)


def test_an_extension_to_20_working_days_across_christmas_moves_the_answer_to_21_january() -> None:
    record = received(date(2025, 12, 19))
    extension = check_extension(
        record, STATUTORY, CALENDAR, agreed_on=date(2026, 1, 5), working_days=20, today=date(2026, 1, 5)
    )
    assert extension.due_on == date(2026, 1, 21)
    assert _due(with_current(record, working_days=20, extensions=1), "response") == date(2026, 1, 21)


def test_the_review_panel_meets_within_30_working_days_of_the_request_across_the_holidays() -> None:
    record = _at_stage_3(requested_on=date(2025, 12, 1))
    assert _due(record, "panel") == date(2026, 1, 15)
    assert _due(record, "panel", CLOSED_BETWEEN_CHRISTMAS_AND_NEW_YEAR) == date(2026, 1, 20)


def test_the_panel_reports_within_5_working_days_and_the_council_answers_within_15_more() -> None:
    record = with_current(
        _at_stage_3(requested_on=date(2025, 12, 1)), panel_held_on=date(2026, 1, 14), panel_report_on=date(2026, 1, 21)
    )
    assert _due(record, "panel_report") == date(2026, 1, 21)
    assert _due(record, "council_response") == date(2026, 2, 11)


def test_stage_3_is_in_time_only_when_all_three_of_its_clocks_are_met() -> None:
    punctual = with_current(
        _at_stage_3(requested_on=date(2025, 12, 1)),
        panel_held_on=date(2026, 1, 14),
        panel_report_on=date(2026, 1, 21),
        responded_on=date(2026, 2, 11),
        outcome="partly_upheld",
    )
    late_report = with_current(punctual, panel_report_on=date(2026, 1, 22), responded_on=date(2026, 2, 11))

    assert stage_in_time(punctual.current, STATUTORY, CALENDAR) is True
    assert stage_in_time(late_report.current, STATUTORY, CALENDAR) is False


def test_an_answer_on_the_day_due_is_in_time_and_the_next_working_day_is_late() -> None:
    on_time = answered(received(date(2025, 12, 19)), date(2026, 1, 7))
    a_day_late = answered(received(date(2025, 12, 19)), date(2026, 1, 8))

    assert stage_in_time(on_time.current, STATUTORY, CALENDAR) is True
    assert stage_in_time(a_day_late.current, STATUTORY, CALENDAR) is False


def test_the_complainant_has_20_working_days_after_an_answer_to_ask_for_stage_2() -> None:
    record = answered(received(date(2025, 11, 3)), date(2025, 12, 12))
    window = next(c for c in clocks_of(record, STATUTORY, CALENDAR) if c.name == "next_stage_request")

    assert (window.whose, window.stage) == ("complainant", 2)
    # 15-19, 22-24, 29-31 December, 2, 5-9, 12-14 January: 20 working days.
    assert window.due_on == date(2026, 1, 14)


def test_days_left_counts_working_days_to_the_day_due_and_goes_negative_once_overdue() -> None:
    [_, response] = clocks_of(received(date(2025, 12, 19)), STATUTORY, CALENDAR)[:2]

    assert response.days_left(CALENDAR, date(2026, 1, 7)) == 0
    # 29, 30, 31 December, 2, 5, 6, 7 January.
    assert response.days_left(CALENDAR, date(2025, 12, 24)) == 7
    assert response.days_left(CALENDAR, date(2026, 1, 9)) == -2


def test_a_withdrawal_cancels_the_running_clocks_rather_than_missing_them() -> None:
    record = with_current(received(date(2025, 12, 19)), outcome="withdrawn")
    closed = replace(record, acknowledged_on=date(2025, 12, 22), closed_on=date(2026, 2, 2))

    response = next(c for c in clocks_of(closed, STATUTORY, CALENDAR) if c.name == "response")

    assert (response.running, response.met, response.cancelled_on) == (False, None, date(2026, 2, 2))


def test_the_corporate_procedure_counts_its_own_configured_clocks() -> None:
    procedure = corporate(acknowledgement_days=3)
    record = received(date(2025, 12, 19))

    assert procedure.last_stage == 2
    assert _due(record, "acknowledgement", procedure=procedure) == date(2025, 12, 24)
    assert _due(record, "response", procedure=procedure) == date(2026, 1, 7)


def test_the_acknowledgement_days_are_local_policy() -> None:
    assert _due(received(date(2026, 4, 1)), "acknowledgement", procedure=statutory(acknowledgement_days=1)) == date(
        2026, 4, 2
    )


def _at_stage_3(*, requested_on: date) -> ComplaintRecord:
    record = answered(received(date(2025, 6, 2)), date(2025, 6, 13))
    record = answered(next_stage(record, date(2025, 7, 1)), date(2025, 8, 1))
    return next_stage(record, requested_on)
