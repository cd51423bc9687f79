"""A case discussion: Signs of Safety mapping, decision and rationale, dissent, scaling by voice, actions."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from services.supervision.api.schemas.days import Day
from services.supervision.rules.codes import ActionStatusCode
from shared.runtime.bodies import Id, In, example, response_example
from shared.vocabulary import ScalingQuestionCode, ScalingVoiceCode

CHILD = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
AMY = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"


class ChildIn(In):
    child_id: Id
    decision: str | None = Field(default=None, max_length=10000, description="Only where this child's differs.")
    rationale: str | None = Field(default=None, max_length=10000, description="With a child's own decision.")


class WorriesIn(In):
    """What are we worried about."""

    harm: str = Field(default="", max_length=10000, description="Past harm: what has happened to the child.")
    complicating_factors: str = Field(
        default="", max_length=10000, description="What makes it harder to keep the child safe."
    )
    danger_statement: str = Field(
        default="", max_length=10000, description="What we are worried will happen if nothing changes."
    )


class WorkingWellIn(In):
    """What's working well."""

    strengths: str = Field(default="", max_length=10000, description="Strengths of the family and network.")
    existing_safety: str = Field(default="", max_length=10000, description="Safety already shown, over time.")


class NeedsToHappenIn(In):
    """What needs to happen."""

    safety_goals: str = Field(
        default="", max_length=10000, description="What the family and agencies need to see for the child to be safe."
    )
    next_steps: str = Field(default="", max_length=10000, description="The immediate next steps.")


class ScoreIn(In):
    child_id: Id | None = Field(default=None, description="Which child (needed when the discussion has several).")
    voice: ScalingVoiceCode
    question: ScalingQuestionCode = "safety"
    score: int = Field(ge=0, le=10)


class ActionIn(In):
    child_id: Id | None = Field(default=None, description="Which child (needed when the discussion has several).")
    description: str = Field(min_length=3, max_length=2000)
    owner_id: Id = Field(description="The worker who owns it.")
    due_date: Day


class DiscussionIn(In):
    model_config = example(
        children=[{"child_id": CHILD}],
        worries={
            "harm": "Two bruises on the upper arm seen at school on 26 February.",
            "complicating_factors": "Mother's new partner unknown to services; parents' drinking at weekends.",
            "danger_statement": "We are worried that Zoe will be hurt again when the adults drink.",
        },
        working_well={
            "strengths": "Grandmother close by and trusted by Zoe.",
            "existing_safety": "School attendance 98%.",
        },
        needs_to_happen={
            "safety_goals": "A sober adult is with Zoe every weekend, checked by grandmother.",
            "next_steps": "Family network meeting; checks on the partner.",
        },
        hypotheses="The drinking follows the father's move out; mother may be isolated.",
        decision="Convene a family network meeting by 15 March to agree who supervises weekend care.",
        rationale="Grandmother is willing and trusted; a safety plan built with the family is likelier to hold.",
        dissent=None,
        scores=[
            {"voice": "worker", "question": "safety", "score": 4},
            {"voice": "pod", "question": "safety", "score": 3},
            {"voice": "parent", "question": "safety", "score": 7},
        ],
        actions=[
            {"description": "Police and health checks on mother's partner", "owner_id": AMY, "due_date": "2024-03-12"},
            {"description": "Invite the network to a family meeting", "owner_id": AMY, "due_date": "2024-03-15"},
        ],
    )
    children: list[ChildIn] = Field(min_length=1, max_length=8, description="One child, or a sibling group.")
    worries: WorriesIn = Field(default_factory=WorriesIn)
    working_well: WorkingWellIn = Field(default_factory=WorkingWellIn)
    needs_to_happen: NeedsToHappenIn = Field(default_factory=NeedsToHappenIn)
    hypotheses: str = Field(default="", max_length=10000)
    decision: str = Field(max_length=10000, description="What will happen: who, what, by when.")
    rationale: str = Field(max_length=10000, description="Why: a decision always carries its rationale.")
    dissent: str | None = Field(default=None, max_length=10000, description="Anyone who disagreed, and why.")
    scores: list[ScoreIn] = Field(default_factory=list, max_length=80)
    actions: list[ActionIn] = Field(default_factory=list, max_length=40)


class DecisionOut(BaseModel):
    decision_id: uuid.UUID
    child_id: uuid.UUID
    case_id: uuid.UUID | None
    worker_id: uuid.UUID | None = Field(description="The child's allocated worker on the day, who presented.")
    decision: str
    rationale: str


class ScoreOut(BaseModel):
    id: uuid.UUID
    child_id: uuid.UUID
    voice: ScalingVoiceCode
    question: ScalingQuestionCode
    score: int


class ActionOut(BaseModel):
    model_config = response_example(
        id="4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b",
        session_id="0b9f6c2e-3d4a-4f5b-8c6d-7e8f9a0b1c2d",
        pod_id="7d7c1a56-1d1e-4a44-9a38-7b0c1f7a2e10",
        child_id=CHILD,
        description="Police and health checks on mother's partner",
        owner_id=AMY,
        set_on="2024-03-05",
        due_date="2024-03-12",
        status="open",
        overdue=True,
        closed_on=None,
        closing_note=None,
    )
    id: uuid.UUID
    session_id: uuid.UUID
    pod_id: uuid.UUID
    child_id: uuid.UUID
    description: str
    owner_id: uuid.UUID
    set_on: date
    due_date: date
    status: ActionStatusCode
    overdue: bool = Field(description="Open and past its due date on the day asked about.")
    closed_on: date | None
    closing_note: str | None


class DiscussionOut(BaseModel):
    model_config = response_example(
        id="1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        session_id="0b9f6c2e-3d4a-4f5b-8c6d-7e8f9a0b1c2d",
        pod_id="7d7c1a56-1d1e-4a44-9a38-7b0c1f7a2e10",
        discussed_on="2024-03-05",
        signed_off=False,
        children=[
            {
                "decision_id": "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a",
                "child_id": CHILD,
                "case_id": "8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d",
                "worker_id": AMY,
                "decision": "Convene a family network meeting by 15 March to agree who supervises weekend care.",
                "rationale": "Grandmother is willing and trusted; a plan built with the family is likelier to hold.",
            }
        ],
        worries={"harm": "Two bruises seen at school.", "complicating_factors": "", "danger_statement": ""},
        working_well={"strengths": "Grandmother close by.", "existing_safety": ""},
        needs_to_happen={"safety_goals": "", "next_steps": "Family network meeting."},
        hypotheses="",
        decision="Convene a family network meeting by 15 March to agree who supervises weekend care.",
        rationale="Grandmother is willing and trusted; a plan built with the family is likelier to hold.",
        dissent=None,
        scores=[
            {
                "id": "3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b",
                "child_id": CHILD,
                "voice": "worker",
                "question": "safety",
                "score": 4,
            }
        ],
        actions=[],
        recorded_by="nora.pm",
    )
    id: uuid.UUID
    session_id: uuid.UUID
    pod_id: uuid.UUID
    discussed_on: date
    signed_off: bool
    children: list[DecisionOut]
    worries: WorriesIn
    working_well: WorkingWellIn
    needs_to_happen: NeedsToHappenIn
    hypotheses: str
    decision: str
    rationale: str
    dissent: str | None
    scores: list[ScoreOut]
    actions: list[ActionOut]
    recorded_by: str


class ChildDecisionOut(BaseModel):
    """One decision about the child, as the child's supervision history shows it."""

    decision_id: uuid.UUID
    discussion_id: uuid.UUID
    session_id: uuid.UUID
    pod_id: uuid.UUID
    discussed_on: date
    signed_off: bool
    decision: str
    rationale: str
    dissent: str | None
