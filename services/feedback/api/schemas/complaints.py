"""Complaints: what the feedback team records at each step, and what a complaint looks like with its stages,
clocks and learning actions. The complainant's identity is its own resource, for the feedback team only."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from shared.runtime.bodies import Id, In, IsoDate, example, response_example
from shared.vocabulary import (
    ComplainantRelationCode,
    ComplaintChannelCode,
    ComplaintClosureCode,
    ComplaintOutcomeCode,
    ComplaintProcedureCode,
    ComplaintThemeCode,
    OmbudsmanDecisionCode,
)


class ComplainantIn(In):
    model_config = example(relation="parent", name="Jo Bloggs", contact="07700 900123, jo@example.org")
    relation: ComplainantRelationCode
    name: str = Field(min_length=1, max_length=200)
    contact: str = Field(min_length=1, max_length=2000, description="Address, telephone or email, as they asked.")


class ComplainantOut(BaseModel):
    model_config = response_example(relation="parent", name="Jo Bloggs", contact="07700 900123, jo@example.org")
    relation: ComplainantRelationCode
    name: str
    contact: str


class ComplainantUpdate(In):
    model_config = example(name="Jo Bloggs", contact="12 High Street, Townley TN1 1AA")
    name: str = Field(min_length=1, max_length=200)
    contact: str = Field(min_length=1, max_length=2000)


class ComplaintIn(In):
    model_config = example(
        procedure="statutory",
        received_on="2025-12-19",
        channel="email",
        complainant={"relation": "parent", "name": "Jo Bloggs", "contact": "jo@example.org"},
        child_id="5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
        worker_id=None,
        pod_id=None,
        themes=["change_of_worker", "communication"],
        summary="Our third social worker this year; nobody told us the last one had left.",
        stage=1,
    )
    procedure: ComplaintProcedureCode = "statutory"
    received_on: IsoDate
    channel: ComplaintChannelCode
    complainant: ComplainantIn
    child_id: Id | None = Field(default=None, description="The child the complaint is about, if one.")
    worker_id: Id | None = Field(default=None, description="The worker the complaint is about, if named.")
    pod_id: Id | None = Field(
        default=None, description="The pod concerned; by default the worker's, else the pod holding the child's case."
    )
    themes: list[ComplaintThemeCode] = Field(min_length=1, max_length=10)
    summary: str = Field(
        min_length=1, max_length=5000, description="What it is about, for those who answer it; not who complained."
    )
    stage: Literal[1, 2] = Field(default=1, description="2 when it goes straight to investigation by agreement.")


class AcknowledgementIn(In):
    model_config = example(acknowledged_on="2025-12-22")
    acknowledged_on: IsoDate


class ExtensionIn(In):
    model_config = example(
        agreed_on="2026-01-05", working_days=20, reason="Complex: three workers' records to read; advocate arranged."
    )
    agreed_on: IsoDate
    working_days: int = Field(ge=1, le=130, description="The stage's new clock, e.g. 20 at stage 1 (the maximum).")
    reason: str = Field(min_length=3, max_length=2000)


class ResponseIn(In):
    model_config = example(responded_on="2026-01-07", outcome="partly_upheld", summary="Apology; a named contact.")
    responded_on: IsoDate
    outcome: Literal["upheld", "partly_upheld", "not_upheld"]
    summary: str | None = Field(default=None, max_length=5000)


class EscalationIn(In):
    model_config = example(requested_on="2026-01-20", late_reason=None)
    requested_on: IsoDate
    late_reason: str | None = Field(
        default=None,
        min_length=3,
        max_length=2000,
        description="Why a request after the window (20 working days after the answer) was accepted.",
    )


class PanelIn(In):
    model_config = example(held_on="2026-03-10")
    held_on: IsoDate


class PanelReportIn(In):
    model_config = example(received_on="2026-03-16")
    received_on: IsoDate


class WithdrawalIn(In):
    model_config = example(withdrawn_on="2026-01-09")
    withdrawn_on: IsoDate


class ClosureIn(In):
    model_config = example(closed_on="2026-02-10", reason="resolved")
    closed_on: IsoDate
    reason: Literal["resolved", "procedure_completed"] = Field(
        description="resolved: answered and no next stage asked for in time; procedure_completed: the last stage."
    )


class OmbudsmanReferralIn(In):
    model_config = example(referred_on="2026-05-04")
    referred_on: IsoDate


class OmbudsmanDecisionIn(In):
    model_config = example(decided_on="2026-08-12", decision="not_upheld")
    decided_on: IsoDate
    decision: OmbudsmanDecisionCode


class LearningActionIn(In):
    model_config = example(
        action="Tell families the day a worker leaves, and who their next worker is.",
        agreed_on="2026-01-07",
        due_on="2026-03-31",
        owner_pod_id="9b2f4a52-0c41-4f7e-9f55-1c2d3e4f5a6b",
        owner=None,
    )
    action: str = Field(min_length=3, max_length=2000)
    agreed_on: IsoDate
    due_on: IsoDate
    owner_pod_id: Id | None = None
    owner: str | None = Field(default=None, max_length=200, description="A team or role, when not a pod.")


class CompletionIn(In):
    model_config = example(completed_on="2026-03-02")
    completed_on: IsoDate


class ExtensionOut(BaseModel):
    agreed_on: date
    working_days: int
    reason: str


class StageOut(BaseModel):
    stage: int
    started_on: date
    working_days: int = Field(description="The stage's clock, extensions included (stage 3: the panel's 30).")
    due_on: date = Field(description="When the stage's current step is due.")
    extensions: list[ExtensionOut]
    late_request_reason: str | None
    responded_on: date | None
    outcome: ComplaintOutcomeCode | None
    response_summary: str | None
    in_time: bool | None = Field(description="Answered within the statutory time; null until answered.")
    panel_held_on: date | None
    panel_report_on: date | None


class ClockOut(BaseModel):
    name: Literal["acknowledgement", "response", "panel", "panel_report", "council_response", "next_stage_request"]
    stage: int | None
    whose: Literal["council", "complainant"]
    started_on: date
    working_days: int
    due_on: date
    stopped_on: date | None
    met: bool | None
    days_left: int | None = Field(description="Working days to the day due while it runs; negative once overdue.")


class LearningActionOut(BaseModel):
    id: uuid.UUID
    action: str
    owner_pod_id: uuid.UUID | None
    owner: str | None
    agreed_on: date
    due_on: date
    completed_on: date | None


class OmbudsmanOut(BaseModel):
    referred_on: date | None
    decision: OmbudsmanDecisionCode | None
    decided_on: date | None


class ComplaintOut(BaseModel):
    model_config = response_example(
        id="0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a",
        procedure="statutory",
        received_on="2025-12-19",
        channel="email",
        complainant_relation="parent",
        child_id="5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
        worker_id=None,
        pod_id="9b2f4a52-0c41-4f7e-9f55-1c2d3e4f5a6b",
        themes=["change_of_worker", "communication"],
        summary="Our third social worker this year; nobody told us the last one had left.",
        acknowledged_on="2025-12-22",
        stage=1,
        status="open",
        closed_on=None,
        closure_reason=None,
        ombudsman={"referred_on": None, "decision": None, "decided_on": None},
        stages=[
            {
                "stage": 1,
                "started_on": "2025-12-19",
                "working_days": 10,
                "due_on": "2026-01-07",
                "extensions": [],
                "late_request_reason": None,
                "responded_on": None,
                "outcome": None,
                "response_summary": None,
                "in_time": None,
                "panel_held_on": None,
                "panel_report_on": None,
            }
        ],
        clocks=[
            {
                "name": "response",
                "stage": 1,
                "whose": "council",
                "started_on": "2025-12-19",
                "working_days": 10,
                "due_on": "2026-01-07",
                "stopped_on": None,
                "met": None,
                "days_left": 7,
            }
        ],
        learning_actions=[],
    )
    id: uuid.UUID
    procedure: ComplaintProcedureCode
    received_on: date
    channel: ComplaintChannelCode
    complainant_relation: ComplainantRelationCode
    child_id: uuid.UUID | None
    worker_id: uuid.UUID | None
    pod_id: uuid.UUID | None
    themes: list[ComplaintThemeCode]
    summary: str
    acknowledged_on: date | None
    stage: int = Field(description="The stage it is at (or ended at).")
    status: Literal["open", "answered", "closed"] = Field(
        description="open: the current stage awaits its answer; answered: it waits for a next stage or to close."
    )
    closed_on: date | None
    closure_reason: ComplaintClosureCode | None
    ombudsman: OmbudsmanOut
    stages: list[StageOut]
    clocks: list[ClockOut]
    learning_actions: list[LearningActionOut]


class DueOut(BaseModel):
    complaint_id: uuid.UUID
    procedure: ComplaintProcedureCode
    pod_id: uuid.UUID | None
    stage: int | None
    what: Literal[
        "acknowledgement",
        "response",
        "panel",
        "panel_report",
        "council_response",
        "next_stage_request",
        "learning_action",
    ]
    whose: Literal["council", "complainant"]
    action_id: uuid.UUID | None
    due_on: date
    days_left: int = Field(description="Working days left; negative: overdue by that many.")
    overdue: bool


class DueListOut(BaseModel):
    model_config = response_example(
        as_at="2026-01-05",
        within_working_days=5,
        items=[
            {
                "complaint_id": "0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a",
                "procedure": "statutory",
                "pod_id": "9b2f4a52-0c41-4f7e-9f55-1c2d3e4f5a6b",
                "stage": 1,
                "what": "response",
                "whose": "council",
                "action_id": None,
                "due_on": "2026-01-07",
                "days_left": 2,
                "overdue": False,
            }
        ],
    )
    as_at: date
    within_working_days: int
    items: list[DueOut]
