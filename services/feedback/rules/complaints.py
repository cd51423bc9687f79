"""What may happen to a complaint next, and when: each function checks one step against the complaint's record and
its procedure, and refuses (naming the field) what the procedure does not allow. They change nothing; the
commands apply what they allow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.feedback.rules.clocks import ComplaintRecord, StageRecord, next_stage_window, stage_due_on
from services.feedback.rules.procedures import Procedure
from services.feedback.rules.refusals import Refused, refuse_before, refuse_future
from shared.calendar import WorkingDays


def _open(record: ComplaintRecord) -> None:
    if record.closed_on is not None:
        raise Refused(f"the complaint was closed on {record.closed_on}", field="complaint_id", conflict=True)


def check_receipt(received_on: date, stage: int, procedure: Procedure, today: date) -> None:
    refuse_future(received_on, today, "received_on")
    if stage not in (1, 2) or stage > procedure.last_stage:
        raise Refused("a complaint starts at stage 1 (or, by agreement, at stage 2)", field="stage")


def check_acknowledgement(record: ComplaintRecord, acknowledged_on: date, today: date) -> None:
    _open(record)
    if record.acknowledged_on is not None:
        raise Refused(
            f"the complaint was acknowledged on {record.acknowledged_on}", field="acknowledged_on", conflict=True
        )
    refuse_future(acknowledged_on, today, "acknowledged_on")
    refuse_before(acknowledged_on, record.received_on, "acknowledged_on", "the complaint was received")


@dataclass(frozen=True, slots=True)
class Extension:
    agreed_on: date
    working_days: int
    due_on: date


def check_extension(
    record: ComplaintRecord,
    procedure: Procedure,
    calendar: WorkingDays,
    *,
    agreed_on: date,
    working_days: int,
    today: date,
) -> Extension:
    """An extension lengthens the current stage's clock, up to the procedure's maximum, as often as it allows. It
    is agreed while the clock still runs: a late answer is not made punctual afterwards."""
    _open(record)
    stage = record.current
    rule = procedure.rule(stage.stage)
    if stage.answered or stage.withdrawn:
        raise Refused(f"stage {stage.stage} has been answered", field="complaint_id", conflict=True)
    if not rule.extendable:
        raise Refused(f"stage {stage.stage} of {procedure.name()} cannot be extended", field="working_days")
    if rule.extensions_allowed is not None and stage.extensions >= rule.extensions_allowed:
        times = "once" if rule.extensions_allowed == 1 else f"{rule.extensions_allowed} times"
        raise Refused(
            f"stage {stage.stage} of {procedure.name()} may be extended {times}, and it has been",
            field="working_days",
            conflict=True,
        )
    if working_days > rule.max_working_days:
        raise Refused(
            f"stage {stage.stage} of {procedure.name()} may be extended to at most {rule.max_working_days} working "
            f"days, not {working_days}",
            field="working_days",
        )
    if working_days <= stage.working_days:
        raise Refused(
            f"an extension lengthens the clock beyond its {stage.working_days} working days", field="working_days"
        )
    refuse_future(agreed_on, today, "agreed_on")
    refuse_before(agreed_on, stage.started_on, "agreed_on", f"stage {stage.stage} started")
    due_on = stage_due_on(stage, procedure, calendar)
    if agreed_on > due_on:
        raise Refused(
            f"the answer was due on {due_on}; an extension is agreed before the clock runs out",
            field="agreed_on",
            conflict=True,
        )
    return Extension(agreed_on, working_days, calendar.add(stage.started_on, working_days))


def check_response(record: ComplaintRecord, procedure: Procedure, *, responded_on: date, today: date) -> None:
    _open(record)
    stage = record.current
    if stage.answered:
        raise Refused(f"stage {stage.stage} was answered on {stage.responded_on}", field="complaint_id", conflict=True)
    refuse_future(responded_on, today, "responded_on")
    refuse_before(responded_on, record.received_on, "responded_on", "the complaint was received")
    refuse_before(responded_on, stage.started_on, "responded_on", f"stage {stage.stage} started")
    if procedure.rule(stage.stage).review_panel is not None:
        if stage.panel_report_on is None:
            raise Refused(
                "the council answers after the review panel's report: record the panel and its report first",
                field="complaint_id",
                conflict=True,
            )
        refuse_before(responded_on, stage.panel_report_on, "responded_on", "the review panel's report")


def check_panel(record: ComplaintRecord, procedure: Procedure, *, held_on: date, today: date) -> None:
    _open(record)
    stage = record.current
    if procedure.rule(stage.stage).review_panel is None:
        raise Refused(
            f"stage {stage.stage} of {procedure.name()} has no review panel", field="complaint_id", conflict=True
        )
    if stage.panel_held_on is not None:
        raise Refused(f"the panel met on {stage.panel_held_on}", field="held_on", conflict=True)
    refuse_future(held_on, today, "held_on")
    refuse_before(held_on, stage.started_on, "held_on", "stage 3 was asked for")


def check_panel_report(record: ComplaintRecord, *, received_on: date, today: date) -> None:
    _open(record)
    stage = record.current
    if stage.panel_held_on is None:
        raise Refused("the review panel has not met yet", field="complaint_id", conflict=True)
    if stage.panel_report_on is not None:
        raise Refused(f"the panel's report came on {stage.panel_report_on}", field="received_on", conflict=True)
    refuse_future(received_on, today, "received_on")
    refuse_before(received_on, stage.panel_held_on, "received_on", "the panel met")


@dataclass(frozen=True, slots=True)
class Escalation:
    next_stage: StageRecord
    within_window: bool


def check_escalation(
    record: ComplaintRecord,
    procedure: Procedure,
    calendar: WorkingDays,
    *,
    requested_on: date,
    late_reason: str | None,
    today: date,
) -> Escalation:
    """The complainant asks for the next stage after an answer, within the window (20 working days in the
    statutory procedure). A later request is accepted only with the reason the council accepted it."""
    _open(record)
    current = record.current
    if current.withdrawn:
        raise Refused(f"stage {current.stage} was withdrawn", field="complaint_id", conflict=True)
    if not current.answered:
        raise Refused(
            f"stage {current.stage} has not been answered yet; a complaint moves on after its answer",
            field="complaint_id",
            conflict=True,
        )
    if current.stage >= procedure.last_stage:
        raise Refused(
            f"stage {current.stage} is the last stage of {procedure.name()}; the complainant may go to the "
            "Local Government and Social Care Ombudsman",
            field="complaint_id",
            conflict=True,
        )
    assert current.responded_on is not None
    refuse_future(requested_on, today, "requested_on")
    refuse_before(requested_on, current.responded_on, "requested_on", f"stage {current.stage}'s answer")
    window = next_stage_window(record, procedure, calendar)
    assert window is not None
    within = requested_on <= window.due_on
    if not within and not late_reason:
        raise Refused(
            f"stage {current.stage + 1} may be asked for until {window.due_on} ({procedure.escalation_window} working "
            f"days after the answer); give late_reason to accept a later request",
            field="requested_on",
            conflict=True,
        )
    rule = procedure.rule(current.stage + 1)
    return Escalation(StageRecord(rule.stage, requested_on, rule.working_days), within)


def check_withdrawal(record: ComplaintRecord, *, withdrawn_on: date, today: date) -> None:
    _open(record)
    refuse_future(withdrawn_on, today, "withdrawn_on")
    refuse_before(withdrawn_on, record.current.started_on, "withdrawn_on", f"stage {record.current.stage} started")


def check_closure(
    record: ComplaintRecord,
    procedure: Procedure,
    calendar: WorkingDays,
    *,
    closed_on: date,
    reason: str,
    today: date,
) -> None:
    """A complaint closes once answered: at the last stage at once ("procedure_completed"); at an earlier stage
    ("resolved") once the complainant's time to ask for the next stage has passed. Withdrawal closes it too."""
    _open(record)
    current = record.current
    if not current.answered:
        raise Refused(
            f"stage {current.stage} has not been answered; answer it, or record its withdrawal",
            field="complaint_id",
            conflict=True,
        )
    assert current.responded_on is not None
    refuse_future(closed_on, today, "closed_on")
    refuse_before(closed_on, current.responded_on, "closed_on", f"stage {current.stage}'s answer")
    last = current.stage >= procedure.last_stage
    if reason == "procedure_completed" and not last:
        raise Refused(
            f"stage {current.stage} is not the last stage of {procedure.name()}; close it as resolved", field="reason"
        )
    if reason == "resolved" and last:
        raise Refused(f"stage {current.stage} is the last stage: close it as procedure_completed", field="reason")
    window = next_stage_window(record, procedure, calendar)
    if reason == "resolved" and window is not None and closed_on <= window.due_on:
        raise Refused(
            f"the complainant may ask for stage {current.stage + 1} until {window.due_on}; close it after that",
            field="closed_on",
            conflict=True,
        )


def check_ombudsman_referral(record: ComplaintRecord, *, referred_on: date, today: date) -> None:
    """The Ombudsman usually looks at a complaint the council has answered; a referral is recorded whenever the
    Ombudsman tells the council of one, closed or not."""
    if record.ombudsman_referred_on is not None:
        raise Refused(
            f"the complaint was referred to the Ombudsman on {record.ombudsman_referred_on}",
            field="referred_on",
            conflict=True,
        )
    refuse_future(referred_on, today, "referred_on")
    refuse_before(referred_on, record.received_on, "referred_on", "the complaint was received")


def check_ombudsman_decision(record: ComplaintRecord, *, decided_on: date, today: date) -> None:
    if record.ombudsman_referred_on is None:
        raise Refused("the complaint has not been referred to the Ombudsman", field="complaint_id", conflict=True)
    if record.ombudsman_decided_on is not None:
        raise Refused(f"the Ombudsman decided on {record.ombudsman_decided_on}", field="decided_on", conflict=True)
    refuse_future(decided_on, today, "decided_on")
    refuse_before(decided_on, record.ombudsman_referred_on, "decided_on", "the referral")


def check_learning_action(*, agreed_on: date, due_on: date, received_on: date, today: date) -> None:
    refuse_future(agreed_on, today, "agreed_on")
    refuse_before(agreed_on, received_on, "agreed_on", "the complaint was received")
    refuse_before(due_on, agreed_on, "due_on", "the day it was agreed")


def check_action_completion(*, agreed_on: date, completed_before: date | None, completed_on: date, today: date) -> None:
    if completed_before is not None:
        raise Refused(f"the action was completed on {completed_before}", field="completed_on", conflict=True)
    refuse_future(completed_on, today, "completed_on")
    refuse_before(completed_on, agreed_on, "completed_on", "the day it was agreed")
