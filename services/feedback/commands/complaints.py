"""Complaints through their procedure: received, acknowledged, answered (with extensions), escalated, reviewed by
a panel, withdrawn, closed, taken to the Ombudsman. Each step is checked by the rules, applied here, and told as a
fact (never with the complainant's identity or any free text)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from services.feedback.commands.refusals import as_problems
from services.feedback.models import Complainant, Complaint, ComplaintStage
from services.feedback.queries import view
from services.feedback.queries.complaints import record_of, stage_record
from services.feedback.rules import complaints as rules
from services.feedback.rules.clocks import stage_clocks, stage_in_time
from services.feedback.settings import FeedbackSettings
from shared.events.feedback import (
    ComplaintAcknowledged,
    ComplaintClosed,
    ComplaintEscalated,
    ComplaintReceived,
    ComplaintStageResponded,
)
from shared.runtime.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class NewComplaint:
    procedure: str
    received_on: date
    channel: str
    complainant_relation: str
    complainant_name: str
    complainant_contact: str
    summary: str
    themes: list[str]
    child_id: uuid.UUID | None = None
    worker_id: uuid.UUID | None = None
    pod_id: uuid.UUID | None = None
    stage: int = 1


async def receive(
    uow: UnitOfWork, settings: FeedbackSettings, new: NewComplaint, *, today: date | None = None
) -> Complaint:
    """Records a complaint and starts its clocks. The pod concerned is the one given, else the named worker's pod on
    the day, else the pod holding the child's case that day."""
    procedure = settings.procedure(new.procedure)
    with as_problems():
        rules.check_receipt(new.received_on, new.stage, procedure, today or date.today())
    await view.require_known(uow, child_id=new.child_id, pod_id=new.pod_id)
    await view.require_workers_known(uow, [new.worker_id] if new.worker_id else [], "worker_id")
    pod_id = new.pod_id or await _pod_concerned(uow, new)
    rule = procedure.rule(new.stage)
    complaint = Complaint(
        id=uuid.uuid4(),
        procedure=new.procedure,
        received_on=new.received_on,
        channel=new.channel,
        complainant_relation=new.complainant_relation,
        child_id=new.child_id,
        worker_id=new.worker_id,
        pod_id=pod_id,
        themes=sorted(set(new.themes)),
        summary=new.summary,
        recorded_at=datetime.now(UTC),
        stages=[
            ComplaintStage(stage=new.stage, started_on=new.received_on, working_days=rule.working_days, extensions=[])
        ],
        learning_actions=[],
        complainant=Complainant(name=new.complainant_name, contact=new.complainant_contact),
    )
    uow.session.add(complaint)
    [first] = complaint.stages
    uow.publish(
        ComplaintReceived.model_validate(
            dict(
                complaint_id=complaint.id,
                procedure=new.procedure,
                received_on=new.received_on,
                stage=new.stage,
                channel=new.channel,
                complainant_relation=new.complainant_relation,
                themes=complaint.themes,
                child_id=new.child_id,
                worker_id=new.worker_id,
                pod_id=pod_id,
                response_due_on=stage_clocks(stage_record(first), procedure, settings.calendar())[0].due_on,
            )
        )
    )
    return complaint


async def _pod_concerned(uow: UnitOfWork, new: NewComplaint) -> uuid.UUID | None:
    if new.worker_id is not None:
        pod_id = await view.pod_of_worker(uow, new.worker_id, new.received_on)
        if pod_id is not None:
            return pod_id
    if new.child_id is not None:
        pod_id, _ = await view.holder_of_child(uow, new.child_id, new.received_on)
        return pod_id
    return None


async def acknowledge(
    uow: UnitOfWork,
    settings: FeedbackSettings,
    complaint: Complaint,
    acknowledged_on: date,
    *,
    today: date | None = None,
) -> Complaint:
    record = await record_of(complaint)
    with as_problems():
        rules.check_acknowledgement(record, acknowledged_on, today or date.today())
    due_on = settings.calendar().add(
        complaint.received_on, settings.procedure(complaint.procedure).acknowledgement_days
    )
    complaint.acknowledged_on = acknowledged_on
    complaint.record_change()
    uow.publish(
        ComplaintAcknowledged.model_validate(
            dict(
                complaint_id=complaint.id,
                procedure=complaint.procedure,
                received_on=complaint.received_on,
                acknowledged_on=acknowledged_on,
                due_on=due_on,
                in_time=acknowledged_on <= due_on,
                worker_id=complaint.worker_id,
                pod_id=complaint.pod_id,
            )
        )
    )
    return complaint


async def extend(
    uow: UnitOfWork,
    settings: FeedbackSettings,
    complaint: Complaint,
    *,
    agreed_on: date,
    working_days: int,
    reason: str,
    today: date | None = None,
) -> Complaint:
    """Lengthens the current stage's clock (stage 1 once to at most 20 working days; stage 2 to at most 65)."""
    record = await record_of(complaint)
    with as_problems():
        rules.check_extension(
            record,
            settings.procedure(complaint.procedure),
            settings.calendar(),
            agreed_on=agreed_on,
            working_days=working_days,
            today=today or date.today(),
        )
    stage = await _current(complaint)
    stage.working_days = working_days
    stage.extensions = [
        *stage.extensions,
        {"agreed_on": agreed_on.isoformat(), "working_days": working_days, "reason": reason},
    ]
    complaint.record_change()
    return complaint


async def respond(
    uow: UnitOfWork,
    settings: FeedbackSettings,
    complaint: Complaint,
    *,
    responded_on: date,
    outcome: str,
    summary: str | None,
    today: date | None = None,
) -> Complaint:
    procedure, calendar = settings.procedure(complaint.procedure), settings.calendar()
    with as_problems():
        rules.check_response(
            await record_of(complaint), procedure, responded_on=responded_on, today=today or date.today()
        )
    stage = await _current(complaint)
    stage.responded_on, stage.outcome, stage.response_summary = responded_on, outcome, summary
    complaint.record_change()
    answered = stage_record(stage)
    clocks = stage_clocks(answered, procedure, calendar)
    uow.publish(
        ComplaintStageResponded.model_validate(
            dict(
                complaint_id=complaint.id,
                procedure=complaint.procedure,
                stage=stage.stage,
                started_on=stage.started_on,
                responded_on=responded_on,
                due_on=clocks[-1].due_on,
                working_days_allowed=sum(c.working_days for c in clocks),
                working_days_taken=calendar.between(stage.started_on, responded_on),
                extended=bool(stage.extensions),
                outcome=outcome,
                in_time=bool(stage_in_time(answered, procedure, calendar)),
                worker_id=complaint.worker_id,
                pod_id=complaint.pod_id,
            )
        )
    )
    return complaint


async def escalate(
    uow: UnitOfWork,
    settings: FeedbackSettings,
    complaint: Complaint,
    *,
    requested_on: date,
    late_reason: str | None,
    today: date | None = None,
) -> Complaint:
    procedure, calendar = settings.procedure(complaint.procedure), settings.calendar()
    with as_problems():
        escalation = rules.check_escalation(
            await record_of(complaint),
            procedure,
            calendar,
            requested_on=requested_on,
            late_reason=late_reason,
            today=today or date.today(),
        )
    following = escalation.next_stage
    stages: list[ComplaintStage] = await complaint.awaitable_attrs.stages
    stages.append(
        ComplaintStage(
            stage=following.stage,
            started_on=following.started_on,
            working_days=following.working_days,
            extensions=[],
            late_request_reason=None if escalation.within_window else late_reason,
        )
    )
    complaint.record_change()
    uow.publish(
        ComplaintEscalated.model_validate(
            dict(
                complaint_id=complaint.id,
                procedure=complaint.procedure,
                from_stage=following.stage - 1,
                to_stage=following.stage,
                to_ombudsman=False,
                requested_on=requested_on,
                within_window=escalation.within_window,
                response_due_on=stage_clocks(following, procedure, calendar)[0].due_on,
                worker_id=complaint.worker_id,
                pod_id=complaint.pod_id,
            )
        )
    )
    return complaint


async def record_panel(
    uow: UnitOfWork, settings: FeedbackSettings, complaint: Complaint, held_on: date, *, today: date | None = None
) -> Complaint:
    procedure = settings.procedure(complaint.procedure)
    with as_problems():
        rules.check_panel(await record_of(complaint), procedure, held_on=held_on, today=today or date.today())
    (await _current(complaint)).panel_held_on = held_on
    complaint.record_change()
    return complaint


async def record_panel_report(
    uow: UnitOfWork, complaint: Complaint, received_on: date, *, today: date | None = None
) -> Complaint:
    with as_problems():
        rules.check_panel_report(await record_of(complaint), received_on=received_on, today=today or date.today())
    (await _current(complaint)).panel_report_on = received_on
    complaint.record_change()
    return complaint


async def withdraw(
    uow: UnitOfWork, complaint: Complaint, withdrawn_on: date, *, today: date | None = None
) -> Complaint:
    """The complainant withdraws: an unanswered stage ends as withdrawn, and the complaint closes."""
    with as_problems():
        rules.check_withdrawal(await record_of(complaint), withdrawn_on=withdrawn_on, today=today or date.today())
    stage = await _current(complaint)
    if stage.responded_on is None:
        stage.outcome = "withdrawn"
    _close(uow, complaint, stage, withdrawn_on, "withdrawn")
    return complaint


async def close(
    uow: UnitOfWork,
    settings: FeedbackSettings,
    complaint: Complaint,
    *,
    closed_on: date,
    reason: str,
    today: date | None = None,
) -> Complaint:
    with as_problems():
        rules.check_closure(
            await record_of(complaint),
            settings.procedure(complaint.procedure),
            settings.calendar(),
            closed_on=closed_on,
            reason=reason,
            today=today or date.today(),
        )
    _close(uow, complaint, await _current(complaint), closed_on, reason)
    return complaint


def _close(uow: UnitOfWork, complaint: Complaint, stage: ComplaintStage, closed_on: date, reason: str) -> None:
    complaint.closed_on, complaint.closure_reason = closed_on, reason
    complaint.record_change()
    uow.publish(
        ComplaintClosed.model_validate(
            dict(
                complaint_id=complaint.id,
                procedure=complaint.procedure,
                closed_on=closed_on,
                reason=reason,
                final_stage=stage.stage,
                final_outcome=stage.outcome,
                worker_id=complaint.worker_id,
                pod_id=complaint.pod_id,
            )
        )
    )


async def refer_to_ombudsman(
    uow: UnitOfWork, complaint: Complaint, referred_on: date, *, today: date | None = None
) -> Complaint:
    with as_problems():
        rules.check_ombudsman_referral(await record_of(complaint), referred_on=referred_on, today=today or date.today())
    complaint.ombudsman_referred_on = referred_on
    complaint.record_change()
    stage = await _current(complaint)
    uow.publish(
        ComplaintEscalated.model_validate(
            dict(
                complaint_id=complaint.id,
                procedure=complaint.procedure,
                from_stage=stage.stage,
                to_stage=None,
                to_ombudsman=True,
                requested_on=referred_on,
                within_window=True,
                response_due_on=None,
                worker_id=complaint.worker_id,
                pod_id=complaint.pod_id,
            )
        )
    )
    return complaint


async def record_ombudsman_decision(
    uow: UnitOfWork, complaint: Complaint, *, decided_on: date, decision: str, today: date | None = None
) -> Complaint:
    with as_problems():
        rules.check_ombudsman_decision(await record_of(complaint), decided_on=decided_on, today=today or date.today())
    complaint.ombudsman_decided_on, complaint.ombudsman_decision = decided_on, decision
    complaint.record_change()
    return complaint


async def correct_complainant(uow: UnitOfWork, complaint: Complaint, *, name: str, contact: str) -> Complainant:
    complainant = await uow.session.get(Complainant, complaint.id)
    assert complainant is not None, "every complaint is recorded with its complainant"
    complainant.name, complainant.contact = name, contact
    complaint.record_change()
    return complainant


async def _current(complaint: Complaint) -> ComplaintStage:
    stages: list[ComplaintStage] = await complaint.awaitable_attrs.stages
    return max(stages, key=lambda stage: stage.stage)
