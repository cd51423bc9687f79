"""Facts published by the feedback service: ids, dates, stages, codes and outcomes, whether each step was taken
within its statutory time, and the pod and worker concerned. Never a complainant's identity, never free text, and
never a questionnaire respondent's identity.

Complaint facts are keyed by the complaint (a complaint need not be about one child, and its consumers count per
complaint, so per-complaint order is the order that matters); compliments by the compliment; questionnaire answers by
the run.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.events.base import Event
from shared.events.registry import contract
from shared.vocabulary import (
    ComplainantRelationCode,
    ComplaintChannelCode,
    ComplaintClosureCode,
    ComplaintOutcomeCode,
    ComplaintProcedureCode,
    ComplaintThemeCode,
    ComplimentFromCode,
    ComplimentThemeCode,
    ItemKindCode,
    QuestionnaireAudienceCode,
)


class _FeedbackEvent(Event):
    producer = "feedback"


class _ComplaintEvent(_FeedbackEvent):
    topic = "feedback.complaints"
    key_field = "complaint_id"


@contract
class ComplaintReceived(_ComplaintEvent):
    """A complaint received, at stage 1 (or, by agreement, straight at stage 2)."""

    complaint_id: UUID
    procedure: ComplaintProcedureCode
    received_on: date
    stage: int = Field(ge=1, le=3, description="The stage it starts at: 1, or 2 by agreement.")
    channel: ComplaintChannelCode
    complainant_relation: ComplainantRelationCode = Field(description="Who complained, by relation to the child.")
    themes: list[ComplaintThemeCode]
    child_id: UUID | None = Field(description="The child concerned, if the complaint is about one child.")
    worker_id: UUID | None = Field(description="The worker concerned, if one is named.")
    pod_id: UUID | None = Field(description="The pod concerned: given, or the worker's or the child's on the day.")
    response_due_on: date = Field(description="When the stage's answer is due, in working days from receipt.")


@contract
class ComplaintAcknowledged(_ComplaintEvent):
    complaint_id: UUID
    procedure: ComplaintProcedureCode
    received_on: date
    acknowledged_on: date
    due_on: date
    in_time: bool = Field(description="Acknowledged by the day the council's policy set.")
    worker_id: UUID | None
    pod_id: UUID | None


@contract
class ComplaintStageResponded(_ComplaintEvent):
    """The council answered a stage: its outcome, and whether it answered within the statutory time (at stage 3,
    the panel, its report and the council's response each within theirs)."""

    complaint_id: UUID
    procedure: ComplaintProcedureCode
    stage: int = Field(ge=1, le=3)
    started_on: date = Field(description="The day the stage's clock started: receipt, or the request for it.")
    responded_on: date
    due_on: date
    working_days_allowed: int = Field(description="The stage's clock in working days, extensions included.")
    working_days_taken: int
    extended: bool
    outcome: ComplaintOutcomeCode
    in_time: bool
    worker_id: UUID | None
    pod_id: UUID | None


@contract
class ComplaintEscalated(_ComplaintEvent):
    """The complainant asked for the next stage, or the Local Government and Social Care Ombudsman took the
    complaint up (`to_ombudsman`)."""

    complaint_id: UUID
    procedure: ComplaintProcedureCode
    from_stage: int = Field(ge=1, le=3)
    to_stage: int | None = Field(ge=2, le=3, description="The next stage; null for a referral to the Ombudsman.")
    to_ombudsman: bool
    requested_on: date
    within_window: bool = Field(
        description="Asked for within the time allowed after the answer; always true for the Ombudsman."
    )
    response_due_on: date | None = Field(description="When the next stage's first step is due; null for the Ombudsman.")
    worker_id: UUID | None
    pod_id: UUID | None


@contract
class ComplaintClosed(_ComplaintEvent):
    complaint_id: UUID
    procedure: ComplaintProcedureCode
    closed_on: date
    reason: ComplaintClosureCode
    final_stage: int = Field(ge=1, le=3)
    final_outcome: ComplaintOutcomeCode | None = Field(description="The last stage's outcome (withdrawn included).")
    worker_id: UUID | None
    pod_id: UUID | None


@contract
class ComplimentReceived(_FeedbackEvent):
    """A compliment: the workers and the pod it commends are told by this fact."""

    topic = "feedback.compliments"
    key_field = "compliment_id"

    compliment_id: UUID
    received_on: date
    from_relation: ComplimentFromCode
    worker_ids: list[UUID] = Field(description="The workers it commends (possibly none: a pod or the service).")
    pod_id: UUID | None
    themes: list[ComplimentThemeCode]


class ItemAnswer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    item: str = Field(description="The item's code in the run's questionnaire, e.g. cic_02.")
    kind: ItemKindCode
    value: float = Field(description="A score 1-5; 1 for yes and 0 for no; or a share of time in per cent.")


@contract
class QuestionnaireAnswered(_FeedbackEvent):
    """One anonymous response to a questionnaire run. These are published when the run closes, together and in
    no particular order, so neither an event's time nor its place in the topic ties it to the person who answered.
    Consumers must suppress groups under the threshold as the feedback service does (`shared.disclosure`)."""

    topic = "feedback.questionnaires"
    key_field = "run_id"

    run_id: UUID
    questionnaire_code: str
    audience: QuestionnaireAudienceCode
    period_start: date
    period_end: date
    pod_id: UUID | None = Field(description="The pod the respondent named, if any.")
    answers: list[ItemAnswer]
