"""The feedback service's tables: its view of allocation's facts, complaints and their stages, compliments,
questionnaires and their anonymous responses. The platform's tables (outbox, inbox, ...) come from the shared
branch.

A complainant's identity sits in a table of its own (`complainants`), read only through the route that shows it to
the feedback team. A questionnaire response holds no respondent identity and no time of day.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import flag_modified

from shared.messaging.tables import platform_tables


class Base(AsyncAttrs, DeclarativeBase):
    type_annotation_map = {dict[str, Any]: sa.JSON, list[Any]: sa.JSON, list[str]: sa.JSON}


platform = platform_tables(Base.metadata)


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)


# The view of allocation's facts: kept from its events by handlers.py, upserted by the producer's ids so facts may
# arrive in any order across topics. It tells which pod a worker or a child belonged to on a day.


class PodView(Base):
    __tablename__ = "view_pods"

    pod_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    name: Mapped[str | None] = mapped_column(sa.String(200))


class WorkerView(Base):
    __tablename__ = "view_workers"

    worker_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    employment: Mapped[str | None] = mapped_column(sa.String(20))


class MembershipView(Base):
    __tablename__ = "view_memberships"

    membership_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    worker_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    role: Mapped[str | None] = mapped_column(sa.String(40))
    start: Mapped[date | None]
    end: Mapped[date | None]


class ChildView(Base):
    __tablename__ = "view_children"

    child_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    la_child_id: Mapped[str | None] = mapped_column(sa.String(50))


class AllocationView(Base):
    """A period in which a pod (and a worker, unless awaiting allocation) held a child's case."""

    __tablename__ = "view_allocations"

    allocation_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    child_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    start: Mapped[date | None]
    end: Mapped[date | None]
    entered_in_error: Mapped[bool | None]


VIEW: tuple[sa.Table, ...] = tuple(
    model.__table__  # type: ignore[misc]
    for model in (PodView, WorkerView, MembershipView, ChildView, AllocationView)
)
"""Everything `python -m services replay feedback` empties and rebuilds from allocation's topics."""


# Complaints ---------------------------------------------------------------------------------------------------


class Complaint(Base):
    __tablename__ = "complaints"

    id: Mapped[uuid.UUID] = _id()
    procedure: Mapped[str] = mapped_column(sa.String(20))
    received_on: Mapped[date] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(sa.String(20))
    complainant_relation: Mapped[str] = mapped_column(sa.String(20))
    child_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    themes: Mapped[list[str]]
    summary: Mapped[str] = mapped_column(sa.Text)
    """What the complaint is about, in the feedback team's words, for those who answer it; never who made it."""
    acknowledged_on: Mapped[date | None]
    closed_on: Mapped[date | None] = mapped_column(index=True)
    closure_reason: Mapped[str | None] = mapped_column(sa.String(30))
    ombudsman_referred_on: Mapped[date | None]
    ombudsman_decision: Mapped[str | None] = mapped_column(sa.String(40))
    ombudsman_decided_on: Mapped[date | None]
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)
    stages: Mapped[list[ComplaintStage]] = relationship(order_by="ComplaintStage.stage")
    learning_actions: Mapped[list[LearningAction]] = relationship(order_by="LearningAction.due_on")
    complainant: Mapped[Complainant] = relationship(lazy="raise")
    """Never loaded with the complaint: read only through the route that shows it to the feedback team."""

    __mapper_args__ = {"version_id_col": version}

    def record_change(self) -> None:
        """Every change to the complaint, its stages or its actions moves its version (its ETag) on, so that two
        requests changing one complaint side by side conflict in the database (the loser gets 409)."""
        flag_modified(self, "procedure")


class Complainant(Base):
    """Who complained: seen by the feedback team only, and kept apart so no other read reaches it."""

    __tablename__ = "complainants"

    complaint_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("complaints.id"), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    contact: Mapped[str] = mapped_column(sa.Text)
    """How to reach them: address, telephone or email, as they asked to be contacted."""


class ComplaintStage(Base):
    """One stage of a complaint: its clock's start, its length (extensions lengthen it), the response and outcome;
    at the statutory stage 3, the review panel's meeting and report."""

    __tablename__ = "complaint_stages"

    id: Mapped[uuid.UUID] = _id()
    complaint_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("complaints.id"), index=True)
    stage: Mapped[int]
    started_on: Mapped[date]
    working_days: Mapped[int]
    extensions: Mapped[list[Any]]
    """Each extension agreed: {agreed_on, working_days, reason}."""
    late_request_reason: Mapped[str | None] = mapped_column(sa.Text)
    """Why a request for this stage made after the escalation window was accepted."""
    responded_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(sa.String(20))
    response_summary: Mapped[str | None] = mapped_column(sa.Text)
    panel_held_on: Mapped[date | None]
    panel_report_on: Mapped[date | None]

    __table_args__ = (sa.UniqueConstraint("complaint_id", "stage", name="one_record_per_stage_of_a_complaint"),)


class LearningAction(Base):
    """What the service will change because of a complaint, with an owner and a date."""

    __tablename__ = "learning_actions"

    id: Mapped[uuid.UUID] = _id()
    complaint_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("complaints.id"), index=True)
    action: Mapped[str] = mapped_column(sa.Text)
    owner_pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    owner: Mapped[str | None] = mapped_column(sa.String(200))
    """Who will do it when it is not a pod: a team or a role, e.g. "Head of service"."""
    agreed_on: Mapped[date]
    due_on: Mapped[date]
    completed_on: Mapped[date | None]


# Compliments --------------------------------------------------------------------------------------------------


class Compliment(Base):
    __tablename__ = "compliments"

    id: Mapped[uuid.UUID] = _id()
    received_on: Mapped[date] = mapped_column(index=True)
    from_relation: Mapped[str] = mapped_column(sa.String(20))
    pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    worker_ids: Mapped[list[str]]
    themes: Mapped[list[str]]
    summary: Mapped[str] = mapped_column(sa.Text)
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


# Questionnaires -----------------------------------------------------------------------------------------------


class Questionnaire(Base):
    """An item bank the feedback team wrote; the ready-made ones live in rules/item_banks.py."""

    __tablename__ = "questionnaires"

    code: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    audience: Mapped[str] = mapped_column(sa.String(20))
    items: Mapped[list[Any]]
    created_on: Mapped[date]


class QuestionnaireRun(Base):
    """A questionnaire put to an audience for a period. Its items are copied when it starts, so a later change to
    the item bank never changes a past run's report."""

    __tablename__ = "questionnaire_runs"

    id: Mapped[uuid.UUID] = _id()
    questionnaire_code: Mapped[str] = mapped_column(sa.String(60), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    audience: Mapped[str] = mapped_column(sa.String(20))
    items: Mapped[list[Any]]
    period_start: Mapped[date]
    period_end: Mapped[date]
    closed_on: Mapped[date | None]
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class QuestionnaireResponse(Base):
    """One anonymous response: no respondent, no time of day; a random id, so ids do not follow arrival order."""

    __tablename__ = "questionnaire_responses"

    id: Mapped[uuid.UUID] = _id()
    run_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("questionnaire_runs.id"), index=True)
    pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    answered_on: Mapped[date]
    run: Mapped[QuestionnaireRun] = relationship(lazy="raise")
    answers: Mapped[list[QuestionnaireAnswer]] = relationship(lazy="raise")


class QuestionnaireAnswer(Base):
    """One item's answer: a score 1-5, 1 or 0 for yes or no, or a share of time in per cent."""

    __tablename__ = "questionnaire_answers"

    response_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("questionnaire_responses.id"), primary_key=True)
    item: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    run_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    value: Mapped[float]


class RunParticipant(Base):
    """That a member of staff answered a staff survey, so they answer it once: a one-way digest of the run and
    the caller, linked to no response (no key, no order, no time)."""

    __tablename__ = "run_participants"

    digest: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
