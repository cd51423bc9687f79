"""What the procedure allows next, and what it refuses (naming the field): answers before receipt, extensions
beyond the statutory maximum, escalating what has not been answered, closing before the complainant's time is up."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from services.feedback.rules.clocks import ComplaintRecord
from services.feedback.rules.complaints import (
    check_acknowledgement,
    check_closure,
    check_escalation,
    check_extension,
    check_ombudsman_decision,
    check_ombudsman_referral,
    check_panel,
    check_panel_report,
    check_receipt,
    check_response,
    check_withdrawal,
)
from services.feedback.rules.procedures import corporate
from services.feedback.rules.refusals import Refused
from shared.calendar import WorkingDays
from tests.unit.feedback.builders import STATUTORY, answered, next_stage, received, with_current

CALENDAR = WorkingDays()
TODAY = date(2026, 6, 1)
RECEIVED = date(2026, 1, 12)


def _refused(field: str, *, conflict: bool = False) -> pytest.RaisesExc[Refused]:
    return pytest.raises(Refused, check=lambda refused: (refused.field, refused.conflict) == (field, conflict))


def test_a_complaint_cannot_be_received_tomorrow() -> None:
    with _refused("received_on"):
        check_receipt(date(2026, 6, 2), 1, STATUTORY, TODAY)


def test_a_complaint_starts_at_stage_1_or_by_agreement_at_stage_2() -> None:
    check_receipt(RECEIVED, 2, STATUTORY, TODAY)
    with _refused("stage"):
        check_receipt(RECEIVED, 3, STATUTORY, TODAY)


def test_an_acknowledgement_before_receipt_is_refused_and_a_second_one_conflicts() -> None:
    with _refused("acknowledged_on"):
        check_acknowledgement(received(RECEIVED), date(2026, 1, 9), TODAY)
    with _refused("acknowledged_on", conflict=True):
        check_acknowledgement(received(RECEIVED, acknowledged_on=RECEIVED), RECEIVED, TODAY)


def test_a_response_before_receipt_is_refused_naming_responded_on() -> None:
    with _refused("responded_on"):
        check_response(received(RECEIVED), STATUTORY, responded_on=date(2026, 1, 9), today=TODAY)


def test_a_stage_is_answered_once() -> None:
    with _refused("complaint_id", conflict=True):
        check_response(answered(received(RECEIVED), date(2026, 1, 20)), STATUTORY, responded_on=TODAY, today=TODAY)


def test_stage_1_extends_once_to_at_most_20_working_days() -> None:
    record = received(RECEIVED)
    with _refused("working_days"):
        check_extension(record, STATUTORY, CALENDAR, agreed_on=RECEIVED, working_days=21, today=TODAY)
    with _refused("working_days"):
        check_extension(record, STATUTORY, CALENDAR, agreed_on=RECEIVED, working_days=10, today=TODAY)
    extended = with_current(record, working_days=15, extensions=1)
    with _refused("working_days", conflict=True):
        check_extension(extended, STATUTORY, CALENDAR, agreed_on=RECEIVED, working_days=20, today=TODAY)


def test_stage_2_extends_as_often_as_needed_up_to_65_working_days() -> None:
    record = next_stage(answered(received(RECEIVED), date(2026, 1, 20)), date(2026, 1, 27))
    twice = with_current(record, working_days=45, extensions=2)

    check_extension(twice, STATUTORY, CALENDAR, agreed_on=date(2026, 2, 2), working_days=65, today=TODAY)
    with _refused("working_days"):
        check_extension(twice, STATUTORY, CALENDAR, agreed_on=date(2026, 2, 2), working_days=66, today=TODAY)


def test_an_extension_is_agreed_before_the_clock_runs_out() -> None:
    # Received 12 January 2026: the 10 working days end on 26 January.
    with _refused("agreed_on", conflict=True):
        check_extension(
            received(RECEIVED), STATUTORY, CALENDAR, agreed_on=date(2026, 1, 27), working_days=20, today=TODAY
        )


def test_the_review_panel_stage_cannot_be_extended() -> None:
    at_stage_3 = _at_stage_3()
    with _refused("working_days"):
        check_extension(at_stage_3, STATUTORY, CALENDAR, agreed_on=date(2026, 3, 2), working_days=40, today=TODAY)


def test_escalating_a_complaint_that_has_not_been_answered_is_refused() -> None:
    with _refused("complaint_id", conflict=True):
        check_escalation(received(RECEIVED), STATUTORY, CALENDAR, requested_on=TODAY, late_reason=None, today=TODAY)


def test_stage_2_is_asked_for_within_20_working_days_of_the_answer_or_with_a_reason() -> None:
    record = answered(received(RECEIVED), date(2026, 1, 20))
    # 20 working days after 20 January 2026 is 17 February.
    in_window = check_escalation(
        record, STATUTORY, CALENDAR, requested_on=date(2026, 2, 17), late_reason=None, today=TODAY
    )
    assert (in_window.next_stage.stage, in_window.next_stage.working_days, in_window.within_window) == (2, 25, True)

    with _refused("requested_on", conflict=True):
        check_escalation(record, STATUTORY, CALENDAR, requested_on=date(2026, 2, 18), late_reason=None, today=TODAY)
    late = check_escalation(
        record, STATUTORY, CALENDAR, requested_on=date(2026, 2, 18), late_reason="in hospital", today=TODAY
    )
    assert late.within_window is False


def test_there_is_no_stage_after_the_last() -> None:
    last = answered(_at_stage_3(), date(2026, 5, 1))
    with _refused("complaint_id", conflict=True):
        check_escalation(last, STATUTORY, CALENDAR, requested_on=TODAY, late_reason=None, today=TODAY)
    corporate_last = next_stage(answered(received(RECEIVED), date(2026, 1, 20)), date(2026, 1, 27))
    with _refused("complaint_id", conflict=True):
        check_escalation(
            answered(corporate_last, date(2026, 2, 20)),
            corporate(),
            CALENDAR,
            requested_on=TODAY,
            late_reason=None,
            today=TODAY,
        )


def test_the_council_answers_stage_3_only_after_the_panel_and_its_report() -> None:
    at_stage_3 = _at_stage_3()
    with _refused("complaint_id", conflict=True):
        check_response(at_stage_3, STATUTORY, responded_on=TODAY, today=TODAY)
    with _refused("complaint_id", conflict=True):
        check_panel_report(at_stage_3, received_on=TODAY, today=TODAY)
    check_panel(at_stage_3, STATUTORY, held_on=date(2026, 3, 20), today=TODAY)
    held = with_current(at_stage_3, panel_held_on=date(2026, 3, 20))
    with _refused("received_on"):
        check_panel_report(held, received_on=date(2026, 3, 19), today=TODAY)
    reported = with_current(held, panel_report_on=date(2026, 3, 25))
    with _refused("responded_on"):
        check_response(reported, STATUTORY, responded_on=date(2026, 3, 24), today=TODAY)
    check_response(reported, STATUTORY, responded_on=date(2026, 4, 10), today=TODAY)


def test_only_stage_3_has_a_panel() -> None:
    with _refused("complaint_id", conflict=True):
        check_panel(received(RECEIVED), STATUTORY, held_on=TODAY, today=TODAY)


def test_a_complaint_answered_at_stage_1_closes_as_resolved_once_the_window_for_stage_2_has_passed() -> None:
    record = answered(received(RECEIVED), date(2026, 1, 20))
    with _refused("closed_on", conflict=True):
        check_closure(record, STATUTORY, CALENDAR, closed_on=date(2026, 2, 17), reason="resolved", today=TODAY)
    check_closure(record, STATUTORY, CALENDAR, closed_on=date(2026, 2, 18), reason="resolved", today=TODAY)
    with _refused("reason"):
        check_closure(
            record, STATUTORY, CALENDAR, closed_on=date(2026, 2, 18), reason="procedure_completed", today=TODAY
        )


def test_an_unanswered_complaint_does_not_close_and_a_closed_one_takes_no_more_steps() -> None:
    with _refused("complaint_id", conflict=True):
        check_closure(received(RECEIVED), STATUTORY, CALENDAR, closed_on=TODAY, reason="resolved", today=TODAY)
    closed = replace(answered(received(RECEIVED), date(2026, 1, 20)), closed_on=date(2026, 3, 1))
    with _refused("complaint_id", conflict=True):
        check_withdrawal(closed, withdrawn_on=TODAY, today=TODAY)
    with _refused("complaint_id", conflict=True):
        check_escalation(closed, STATUTORY, CALENDAR, requested_on=TODAY, late_reason=None, today=TODAY)


def test_the_last_stage_closes_as_procedure_completed_at_once() -> None:
    last = answered(_at_stage_3(), date(2026, 5, 1))
    check_closure(last, STATUTORY, CALENDAR, closed_on=date(2026, 5, 1), reason="procedure_completed", today=TODAY)
    with _refused("reason"):
        check_closure(last, STATUTORY, CALENDAR, closed_on=date(2026, 5, 1), reason="resolved", today=TODAY)


def test_a_withdrawn_stage_cannot_be_escalated() -> None:
    withdrawn = with_current(received(RECEIVED), outcome="withdrawn")
    with _refused("complaint_id", conflict=True):
        check_escalation(withdrawn, STATUTORY, CALENDAR, requested_on=TODAY, late_reason=None, today=TODAY)


def test_the_ombudsman_is_recorded_once_and_decides_after_the_referral() -> None:
    record = answered(received(RECEIVED), date(2026, 1, 20))
    with _refused("referred_on"):
        check_ombudsman_referral(record, referred_on=date(2026, 1, 2), today=TODAY)
    referred = replace(record, ombudsman_referred_on=date(2026, 3, 2))
    with _refused("referred_on", conflict=True):
        check_ombudsman_referral(referred, referred_on=TODAY, today=TODAY)
    with _refused("complaint_id", conflict=True):
        check_ombudsman_decision(record, decided_on=TODAY, today=TODAY)
    with _refused("decided_on"):
        check_ombudsman_decision(referred, decided_on=date(2026, 3, 1), today=TODAY)


def _at_stage_3() -> ComplaintRecord:
    record = answered(received(date(2025, 11, 3)), date(2025, 11, 14))
    record = answered(next_stage(record, date(2025, 11, 20)), date(2026, 1, 30))
    return next_stage(record, date(2026, 2, 9))
