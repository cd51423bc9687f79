"""How a complaint is shown: its stages with their due days and timeliness, its clocks as at today, its actions."""

from __future__ import annotations

from datetime import date

from fastapi import Response

from services.feedback.api.schemas.complaints import (
    ClockOut,
    ComplaintOut,
    ExtensionOut,
    LearningActionOut,
    OmbudsmanOut,
    StageOut,
)
from services.feedback.models import Complaint, ComplaintStage, LearningAction
from services.feedback.queries.complaints import clocks, stage_record
from services.feedback.rules.clocks import stage_due_on, stage_in_time
from services.feedback.settings import FeedbackSettings
from shared.runtime.http import etag
from shared.runtime.unit_of_work import UnitOfWork


async def complaint_out(
    uow: UnitOfWork, complaint: Complaint, settings: FeedbackSettings, response: Response | None = None
) -> ComplaintOut:
    """The complaint as at today. Given the response, sets its ETag (after a flush, so a change's new version)."""
    if response is not None:
        await uow.flush()
        response.headers["ETag"] = etag(complaint.version)
    procedure, calendar, today = settings.procedure(complaint.procedure), settings.calendar(), date.today()
    stages: list[ComplaintStage] = sorted(await complaint.awaitable_attrs.stages, key=lambda s: s.stage)
    actions: list[LearningAction] = await complaint.awaitable_attrs.learning_actions
    current = stages[-1]
    return ComplaintOut.model_validate(
        dict(
            id=complaint.id,
            procedure=complaint.procedure,
            received_on=complaint.received_on,
            channel=complaint.channel,
            complainant_relation=complaint.complainant_relation,
            child_id=complaint.child_id,
            worker_id=complaint.worker_id,
            pod_id=complaint.pod_id,
            themes=complaint.themes,
            summary=complaint.summary,
            acknowledged_on=complaint.acknowledged_on,
            stage=current.stage,
            status="closed" if complaint.closed_on else "answered" if current.responded_on else "open",
            closed_on=complaint.closed_on,
            closure_reason=complaint.closure_reason,
            ombudsman=OmbudsmanOut.model_validate(
                dict(
                    referred_on=complaint.ombudsman_referred_on,
                    decision=complaint.ombudsman_decision,
                    decided_on=complaint.ombudsman_decided_on,
                )
            ),
            stages=[
                StageOut.model_validate(
                    dict(
                        stage=stage.stage,
                        started_on=stage.started_on,
                        working_days=stage.working_days,
                        due_on=stage_due_on(stage_record(stage), procedure, calendar),
                        extensions=[ExtensionOut.model_validate(extension) for extension in stage.extensions],
                        late_request_reason=stage.late_request_reason,
                        responded_on=stage.responded_on,
                        outcome=stage.outcome,
                        response_summary=stage.response_summary,
                        in_time=stage_in_time(stage_record(stage), procedure, calendar),
                        panel_held_on=stage.panel_held_on,
                        panel_report_on=stage.panel_report_on,
                    )
                )
                for stage in stages
            ],
            clocks=[
                ClockOut(
                    name=clock.name,
                    stage=clock.stage,
                    whose=clock.whose,
                    started_on=clock.started_on,
                    working_days=clock.working_days,
                    due_on=clock.due_on,
                    stopped_on=clock.stopped_on,
                    met=clock.met,
                    days_left=clock.days_left(calendar, today) if clock.running else None,
                )
                for clock in await clocks(complaint, settings)
            ],
            learning_actions=[learning_action_out(action) for action in actions],
        )
    )


def learning_action_out(action: LearningAction) -> LearningActionOut:
    return LearningActionOut(
        id=action.id,
        action=action.action,
        owner_pod_id=action.owner_pod_id,
        owner=action.owner,
        agreed_on=action.agreed_on,
        due_on=action.due_on,
        completed_on=action.completed_on,
    )
