"""Facts published by the supervision service. Ids, dates, codes and scores; a few own words travel where the
records service writes them into the child's one story (a decision and its rationale, an addendum, what a case
audit found), so that nobody types them twice.

A session's decisions, scores and actions are published when the session is signed off: only a signed record is
disclosable, and until then the pod may still correct it. Each fact about a child is keyed by the child, so its
decisions, scores and actions stay in order; a session's own facts are keyed by its pod.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import Field

from shared.events.base import Event
from shared.events.registry import contract
from shared.vocabulary import (
    AuditAreaCode,
    AuditGradeCode,
    PracticeThemeCode,
    ScalingQuestionCode,
    ScalingVoiceCode,
)

QUARTER = r"^(19|20)\d\d-Q[1-4]$"


class _SupervisionEvent(Event):
    producer = "supervision"


class _ChildEvent(_SupervisionEvent):
    topic = "supervision.children"
    key_field = "child_id"


class _SessionEvent(_SupervisionEvent):
    topic = "supervision.sessions"
    key_field = "pod_id"


class _ReflectiveEvent(_SupervisionEvent):
    topic = "supervision.reflective-practice"
    key_field = "group_id"


@contract
class SupervisionDecisionRecorded(_ChildEvent):
    """A decision about one child in a supervision session (a sibling group's discussion gives one per child)."""

    decision_id: UUID
    session_id: UUID
    pod_id: UUID
    child_id: UUID
    case_id: UUID | None = Field(default=None, description="The child's case discussed, when the child had one open.")
    decided_on: date
    session_kind: Literal["group", "individual"]
    decision: str = Field(description="The decision as recorded, for the child's story.")
    rationale: str = Field(description="Why, as recorded: a decision always carries its rationale.")
    discussed_by: list[UUID] = Field(default_factory=list, description="The workers present (worker ids).")
    discussion_id: UUID | None = Field(default=None, description="The case discussion the decision came from.")
    worker_id: UUID | None = Field(default=None, description="The child's allocated worker, who presented the case.")
    dissent: str | None = Field(default=None, description="A view against the decision, recorded with it.")
    sibling_ids: list[UUID] = Field(default_factory=list, description="Siblings discussed with the child.")


@contract
class SupervisionSessionHeld(_SessionEvent):
    """A pod's group supervision (or an individual supervision) took place, with who was there; published when
    its record is signed off, with the session's decisions."""

    session_id: UUID
    pod_id: UUID
    kind: Literal["group", "individual"]
    held_on: date
    facilitator_id: UUID | None = Field(description="The worker who facilitated.")
    attendee_ids: list[UUID] = Field(description="Every worker present, the facilitator and visiting advisors too.")
    visiting_advisor_ids: list[UUID] = Field(default_factory=list, description="Advisors from other pods.")
    supervisee_id: UUID | None = Field(default=None, description="For an individual supervision, the supervisee.")
    signed_off_on: date
    signed_off_by: UUID | None = Field(default=None, description="The worker who signed the record off.")
    children_discussed: int = Field(ge=0)


@contract
class ScalingScoreRecorded(_ChildEvent):
    """A 0-10 scaling score for a child by one voice, in a discussion; with the voice's score before it."""

    score_id: UUID
    session_id: UUID
    discussion_id: UUID
    pod_id: UUID
    child_id: UUID
    case_id: UUID | None = None
    worker_id: UUID | None = Field(default=None, description="The child's allocated worker on the day.")
    scored_on: date
    voice: ScalingVoiceCode
    question: ScalingQuestionCode
    score: int = Field(ge=0, le=10)
    previous_score: int | None = Field(default=None, ge=0, le=10, description="The same voice's score before.")
    previous_scored_on: date | None = None


@contract
class SupervisionActionSet(_ChildEvent):
    """An action agreed for a child: who does it, by when. Overdue is open past its due date."""

    action_id: UUID
    session_id: UUID
    discussion_id: UUID
    pod_id: UUID
    child_id: UUID
    case_id: UUID | None = None
    owner_id: UUID = Field(description="The worker who owns the action.")
    set_on: date
    due_date: date


@contract
class SupervisionActionCompleted(_ChildEvent):
    action_id: UUID
    pod_id: UUID
    child_id: UUID
    completed_on: date
    due_date: date


@contract
class SupervisionActionCancelled(_ChildEvent):
    """The action no longer needs doing (e.g. the plan changed); it is neither done nor overdue."""

    action_id: UUID
    pod_id: UUID
    child_id: UUID
    cancelled_on: date
    due_date: date


@contract
class SupervisionAddendumRecorded(_ChildEvent):
    """An addendum to a signed-off record about a child: the record is never edited, it grows."""

    addendum_id: UUID
    session_id: UUID
    pod_id: UUID
    child_id: UUID
    decision_id: UUID | None = Field(default=None, description="The decision it adds to, if one.")
    written_on: date
    text: str = Field(description="The addendum's words, for the child's story beside the decision.")


@contract
class CaseAuditCompleted(_ChildEvent):
    """A quality assurance audit of a child's case, graded per area, with the practice themes it found."""

    audit_id: UUID
    child_id: UUID
    case_id: UUID | None = None
    pod_id: UUID
    worker_id: UUID = Field(description="The social worker who audited the case with their manager.")
    manager_id: UUID = Field(description="The manager who audited with them.")
    quarter: str = Field(pattern=QUARTER, description="The calendar quarter audited for: 2024-Q3 is July-September.")
    audited_on: date
    grades: dict[AuditAreaCode, AuditGradeCode]
    overall_grade: AuditGradeCode
    themes: list[PracticeThemeCode] = Field(default_factory=list)
    done_well: str = Field(description="What was done well, for the child's story and the learning it feeds.")
    must_improve: str = Field(description="What must improve, as recorded.")


@contract
class ReflectivePracticeSessionHeld(_ReflectiveEvent):
    """A reflective practice group met: attendance only, never case content."""

    reflective_session_id: UUID
    group_id: UUID
    pod_id: UUID | None = Field(description="The pod the group belongs to; none for a group across pods.")
    held_on: date
    facilitator_id: UUID
    attendee_ids: list[UUID]
    apologies: int = Field(ge=0, description="Members who sent apologies.")
