"""Complaints under the statutory children's procedure or the council's corporate procedure, stage by stage on
working-day clocks. The feedback team records each step; pods see the complaints about them, without the
complainant's identity."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import Query, Response, status

from services.feedback.api.callers import ComplaintIntake, ComplaintReader, FeedbackTeam
from services.feedback.api.presenting import complaint_out
from services.feedback.api.schemas.complaints import (
    AcknowledgementIn,
    ClosureIn,
    ComplainantOut,
    ComplainantUpdate,
    ComplaintIn,
    ComplaintOut,
    DueListOut,
    DueOut,
    EscalationIn,
    ExtensionIn,
    OmbudsmanDecisionIn,
    OmbudsmanReferralIn,
    PanelIn,
    PanelReportIn,
    ResponseIn,
    WithdrawalIn,
)
from services.feedback.commands import complaints as commands
from services.feedback.models import Complainant
from services.feedback.queries import complaints as queries
from services.feedback.queries import scope
from services.feedback.rules.refusals import EARLIEST
from services.feedback.settings import Settings
from shared.problems import Invalid
from shared.runtime.bodies import IsoDate
from shared.runtime.http import IfMatch, Page, UnitOfWorkDep, page_of, service_router, uuid_cursor
from shared.vocabulary import ComplaintProcedureCode

router = service_router(tags=["complaints"])
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "The procedure does not allow this step now (the field is named)"}
}


@router.post("/complaints", status_code=status.HTTP_201_CREATED, response_model=ComplaintOut)
async def receive_complaint(
    body: ComplaintIn, uow: UnitOfWorkDep, principal: ComplaintIntake, settings: Settings, response: Response
) -> ComplaintOut:
    """Record a complaint and start its clocks: acknowledgement (2 working days by default), then the stage's
    answer (statutory stage 1: 10 working days). The pod concerned is the one given, else the worker's pod on the
    day, else the pod holding the child's case. The complainant's identity is kept apart, for the feedback team."""
    new = commands.NewComplaint(
        **body.model_dump(exclude={"complainant"}),
        complainant_relation=body.complainant.relation,
        complainant_name=body.complainant.name,
        complainant_contact=body.complainant.contact,
    )
    complaint = await commands.receive(uow, settings, new)
    uow.audit(principal, "write", f"complaint/{complaint.id}", complaint.child_id)
    response.headers["Location"] = f"/feedback/v1/complaints/{complaint.id}"
    return await complaint_out(uow, complaint, settings, response)


@router.get("/complaints", response_model=Page[ComplaintOut])
async def list_complaints(
    uow: UnitOfWorkDep,
    principal: ComplaintReader,
    settings: Settings,
    status_: Annotated[Literal["open", "closed"] | None, Query(alias="status")] = None,
    stage: Annotated[int | None, Query(ge=1, le=3, description="The stage it is at")] = None,
    procedure: ComplaintProcedureCode | None = None,
    pod_id: uuid.UUID | None = None,
    child_id: uuid.UUID | None = None,
    received_from: IsoDate | None = None,
    received_to: IsoDate | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(description="next_cursor from the previous page")] = None,
) -> Page[ComplaintOut]:
    """Complaints a page at a time, in a stable order: every complaint for the feedback team and heads of service,
    the complaints about their pods for pod staff and managers. Never who complained."""
    filters = queries.Filters(status_, stage, procedure, pod_id, child_id, received_from, received_to)
    found = await queries.complaints(uow, filters, scope.pods_seen(principal), limit, uuid_cursor(cursor))
    page, next_cursor = page_of(found, limit, lambda complaint: complaint.id)
    uow.audit(principal, "read", "complaints", *{complaint.child_id for complaint in page if complaint.child_id})
    return Page[ComplaintOut](
        items=[await complaint_out(uow, complaint, settings) for complaint in page], next_cursor=next_cursor
    )


@router.get("/complaints/due", response_model=DueListOut)
async def due_list(
    uow: UnitOfWorkDep,
    principal: ComplaintReader,
    settings: Settings,
    within: Annotated[int | None, Query(ge=0, le=65, description="Working days ahead; default 5")] = None,
    as_at: Annotated[IsoDate | None, Query(description="Default today")] = None,
) -> DueListOut:
    """What is due soon and what is overdue: every running clock (acknowledgement, a stage's answer, the review
    panel, its report, the council's response) due within `within` working days or already late, the complainants'
    windows for the next stage ending in that time (a complaint to close after), and learning actions due; with
    the working days left on each (negative: overdue). Soonest first."""
    day, ahead = as_at or date.today(), settings.due_soon_days if within is None else within
    if not EARLIEST <= day <= date.today() + timedelta(days=366):
        raise Invalid(f"as_at is a day from {EARLIEST} to a year from today", field="as_at")
    found = await queries.due_list(uow, settings, day, ahead, scope.pods_seen(principal))
    uow.audit(principal, "read", "complaints/due", *{due.complaint.child_id for due in found if due.complaint.child_id})
    return DueListOut(
        as_at=day,
        within_working_days=ahead,
        items=[
            DueOut.model_validate(
                dict(
                    complaint_id=due.complaint.id,
                    procedure=due.complaint.procedure,
                    pod_id=due.action.owner_pod_id or due.complaint.pod_id if due.action else due.complaint.pod_id,
                    stage=due.clock.stage if due.clock else None,
                    what=due.clock.name if due.clock else "learning_action",
                    whose=due.clock.whose if due.clock else "council",
                    action_id=due.action.id if due.action else None,
                    due_on=due.due_on,
                    days_left=due.days_left,
                    overdue=due.due_on < day,
                )
            )
            for due in found
        ],
    )


@router.get("/complaints/{complaint_id}", response_model=ComplaintOut)
async def get_complaint(
    complaint_id: uuid.UUID, uow: UnitOfWorkDep, principal: ComplaintReader, settings: Settings, response: Response
) -> ComplaintOut:
    """One complaint: its stages (with the day each answer is due and whether it came in time), its clocks as at
    today with the working days left, and its learning actions. Its `ETag` is what `If-Match` carries."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "read")
    return await complaint_out(uow, complaint, settings, response)


@router.get("/complaints/{complaint_id}/complainant", response_model=ComplainantOut)
async def get_complainant(complaint_id: uuid.UUID, uow: UnitOfWorkDep, principal: FeedbackTeam) -> ComplainantOut:
    """Who complained and how to reach them: the feedback team only; every read is in the audit log."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "read", "/complainant")
    complainant = await uow.session.get(Complainant, complaint.id)
    assert complainant is not None, "every complaint is recorded with its complainant"
    return ComplainantOut.model_validate(
        dict(relation=complaint.complainant_relation, name=complainant.name, contact=complainant.contact)
    )


@router.put("/complaints/{complaint_id}/complainant", response_model=ComplainantOut)
async def correct_complainant(
    complaint_id: uuid.UUID,
    body: ComplainantUpdate,
    uow: UnitOfWorkDep,
    principal: FeedbackTeam,
    if_match: IfMatch = None,
) -> ComplainantOut:
    """Correct the complainant's name or how to reach them (e.g. they moved)."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "write", "/complainant", if_match=if_match)
    complainant = await commands.correct_complainant(uow, complaint, name=body.name, contact=body.contact)
    return ComplainantOut.model_validate(
        dict(relation=complaint.complainant_relation, name=complainant.name, contact=complainant.contact)
    )


@router.post("/complaints/{complaint_id}/acknowledgement", response_model=ComplaintOut, responses=CONFLICT)
async def acknowledge(
    complaint_id: uuid.UUID,
    body: AcknowledgementIn,
    uow: UnitOfWorkDep,
    principal: FeedbackTeam,
    settings: Settings,
    response: Response,
    if_match: IfMatch = None,
) -> ComplaintOut:
    """Record the day the complaint was acknowledged (on or after its receipt)."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "write", "/acknowledgement", if_match=if_match)
    await commands.acknowledge(uow, settings, complaint, body.acknowledged_on)
    return await complaint_out(uow, complaint, settings, response)


@router.post("/complaints/{complaint_id}/extensions", response_model=ComplaintOut, responses=CONFLICT)
async def extend(
    complaint_id: uuid.UUID,
    body: ExtensionIn,
    uow: UnitOfWorkDep,
    principal: FeedbackTeam,
    settings: Settings,
    response: Response,
    if_match: IfMatch = None,
) -> ComplaintOut:
    """Extend the current stage's clock, with the reason, before it runs out: statutory stage 1 once, to at most
    20 working days; stage 2 to at most 65; stage 3 not at all. Beyond the maximum is refused naming
    `working_days`."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "write", "/extensions", if_match=if_match)
    await commands.extend(
        uow, settings, complaint, agreed_on=body.agreed_on, working_days=body.working_days, reason=body.reason
    )
    return await complaint_out(uow, complaint, settings, response)


@router.post("/complaints/{complaint_id}/responses", response_model=ComplaintOut, responses=CONFLICT)
async def respond(
    complaint_id: uuid.UUID,
    body: ResponseIn,
    uow: UnitOfWorkDep,
    principal: FeedbackTeam,
    settings: Settings,
    response: Response,
    if_match: IfMatch = None,
) -> ComplaintOut:
    """Record the council's answer to the current stage and its outcome. At stage 3 the answer follows the review
    panel's report. An answer dated before the complaint was received is refused naming `responded_on`."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "write", "/responses", if_match=if_match)
    await commands.respond(
        uow, settings, complaint, responded_on=body.responded_on, outcome=body.outcome, summary=body.summary
    )
    return await complaint_out(uow, complaint, settings, response)


@router.post("/complaints/{complaint_id}/escalations", response_model=ComplaintOut, responses=CONFLICT)
async def escalate(
    complaint_id: uuid.UUID,
    body: EscalationIn,
    uow: UnitOfWorkDep,
    principal: FeedbackTeam,
    settings: Settings,
    response: Response,
    if_match: IfMatch = None,
) -> ComplaintOut:
    """The complainant asks for the next stage: allowed once the current stage is answered, within 20 working days
    of the answer (later only with `late_reason`). Stage 2's investigation then has 25 working days; stage 3's
    review panel meets within 30."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "write", "/escalations", if_match=if_match)
    await commands.escalate(uow, settings, complaint, requested_on=body.requested_on, late_reason=body.late_reason)
    return await complaint_out(uow, complaint, settings, response)


@router.post("/complaints/{complaint_id}/panel", response_model=ComplaintOut, responses=CONFLICT)
async def record_panel(
    complaint_id: uuid.UUID,
    body: PanelIn,
    uow: UnitOfWorkDep,
    principal: FeedbackTeam,
    settings: Settings,
    response: Response,
    if_match: IfMatch = None,
) -> ComplaintOut:
    """Stage 3: the day the review panel met (due within 30 working days of the request). Its report is then due
    within 5 working days."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "write", "/panel", if_match=if_match)
    await commands.record_panel(uow, settings, complaint, body.held_on)
    return await complaint_out(uow, complaint, settings, response)


@router.post("/complaints/{complaint_id}/panel-report", response_model=ComplaintOut, responses=CONFLICT)
async def record_panel_report(
    complaint_id: uuid.UUID,
    body: PanelReportIn,
    uow: UnitOfWorkDep,
    principal: FeedbackTeam,
    settings: Settings,
    response: Response,
    if_match: IfMatch = None,
) -> ComplaintOut:
    """Stage 3: the day the panel's report came; the council's response is then due within 15 working days."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "write", "/panel-report", if_match=if_match)
    await commands.record_panel_report(uow, complaint, body.received_on)
    return await complaint_out(uow, complaint, settings, response)


@router.post("/complaints/{complaint_id}/withdrawal", response_model=ComplaintOut, responses=CONFLICT)
async def withdraw(
    complaint_id: uuid.UUID,
    body: WithdrawalIn,
    uow: UnitOfWorkDep,
    principal: FeedbackTeam,
    settings: Settings,
    response: Response,
    if_match: IfMatch = None,
) -> ComplaintOut:
    """The complainant withdraws: an unanswered stage ends as withdrawn (its clocks neither met nor missed) and
    the complaint closes."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "write", "/withdrawal", if_match=if_match)
    await commands.withdraw(uow, complaint, body.withdrawn_on)
    return await complaint_out(uow, complaint, settings, response)


@router.post("/complaints/{complaint_id}/close", response_model=ComplaintOut, responses=CONFLICT)
async def close(
    complaint_id: uuid.UUID,
    body: ClosureIn,
    uow: UnitOfWorkDep,
    principal: FeedbackTeam,
    settings: Settings,
    response: Response,
    if_match: IfMatch = None,
) -> ComplaintOut:
    """Close an answered complaint: at the last stage at once (`procedure_completed`); at an earlier stage
    (`resolved`) once the complainant's 20 working days to ask for the next stage have passed."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "write", "/close", if_match=if_match)
    await commands.close(uow, settings, complaint, closed_on=body.closed_on, reason=body.reason)
    return await complaint_out(uow, complaint, settings, response)


@router.post("/complaints/{complaint_id}/ombudsman-referral", response_model=ComplaintOut, responses=CONFLICT)
async def refer_to_ombudsman(
    complaint_id: uuid.UUID,
    body: OmbudsmanReferralIn,
    uow: UnitOfWorkDep,
    principal: FeedbackTeam,
    settings: Settings,
    response: Response,
    if_match: IfMatch = None,
) -> ComplaintOut:
    """Record that the Local Government and Social Care Ombudsman has taken the complaint up (closed or not)."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "write", "/ombudsman", if_match=if_match)
    await commands.refer_to_ombudsman(uow, complaint, body.referred_on)
    return await complaint_out(uow, complaint, settings, response)


@router.post("/complaints/{complaint_id}/ombudsman-decision", response_model=ComplaintOut, responses=CONFLICT)
async def record_ombudsman_decision(
    complaint_id: uuid.UUID,
    body: OmbudsmanDecisionIn,
    uow: UnitOfWorkDep,
    principal: FeedbackTeam,
    settings: Settings,
    response: Response,
    if_match: IfMatch = None,
) -> ComplaintOut:
    """Record the Ombudsman's decision, in the categories it publishes."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "write", "/ombudsman", if_match=if_match)
    await commands.record_ombudsman_decision(uow, complaint, decided_on=body.decided_on, decision=body.decision)
    return await complaint_out(uow, complaint, settings, response)
