"""The supervision service's tables: its own view of allocation's pods, memberships, children, cases, statuses and
allocations (kept only from allocation's events, listed in VIEW_OF_ALLOCATION), and its own records: sessions and
who attended, case discussions with their decisions, scaling scores and actions, addenda, reflective practice
groups and case audits. The platform's tables (outbox, inbox, ...) come from the shared branch."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.orm.attributes import flag_modified

from shared.messaging.tables import platform_tables


class Base(AsyncAttrs, DeclarativeBase):
    type_annotation_map = {dict[str, Any]: sa.JSON, list[Any]: sa.JSON}


platform = platform_tables(Base.metadata)


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)


def _text() -> Mapped[str]:
    return mapped_column(sa.Text, default="")


# The view of allocation: rows upserted by allocation's ids, so facts arriving out of order across topics still land
# in the right place; a column a later fact does not carry is left as it was.


class Pod(Base):
    __tablename__ = "pods"

    pod_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    name: Mapped[str | None] = mapped_column(sa.String(200))
    created_on: Mapped[date | None]


class Worker(Base):
    """A worker allocation has registered: their Social Work England number, where the council holds it."""

    __tablename__ = "workers"

    worker_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    registration_number: Mapped[str | None] = mapped_column(sa.String(20))


class Membership(Base):
    __tablename__ = "memberships"

    membership_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    worker_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    role: Mapped[str | None] = mapped_column(sa.String(40))
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]

    def current_on(self, day: date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or self.end_date >= day)


class Child(Base):
    __tablename__ = "children"

    child_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    la_child_id: Mapped[str | None] = mapped_column(sa.String(50))
    family_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    """Siblings share it; none (older events) means a family of one so far."""


class Case(Base):
    __tablename__ = "cases"

    case_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    child_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    referral_date: Mapped[date | None]
    closed_on: Mapped[date | None]


class StatusPeriod(Base):
    __tablename__ = "status_periods"

    status_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    child_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    kind: Mapped[str | None] = mapped_column(sa.String(3))
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]


class Allocation(Base):
    """A period in which a pod holds a case, with a worker unless `worker_id` is null (awaiting a worker)."""

    __tablename__ = "allocations"

    allocation_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    child_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    entered_in_error: Mapped[bool | None]

    # The agenda starts from the cases a pod holds on a day.
    __table_args__ = (sa.Index("allocations_by_pod", "pod_id", "start_date"),)


VIEW_OF_ALLOCATION: tuple[sa.Table, ...] = tuple(
    model.__table__  # type: ignore[misc]
    for model in (Pod, Worker, Membership, Child, Case, StatusPeriod, Allocation)
)


# The service's own records.


class Schedule(Base):
    """A pod's weekly group supervision: the day of the week and the time it meets."""

    __tablename__ = "schedules"

    pod_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    weekday: Mapped[int]
    """Monday is 0, as in Python."""
    starts_at: Mapped[time]
    every_weeks: Mapped[int] = mapped_column(default=1)
    since: Mapped[date]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Session(Base):
    """A supervision session of a pod: scheduled, held (with who attended), signed off, or cancelled."""

    __tablename__ = "sessions"

    id: Mapped[uuid.UUID] = _id()
    pod_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    kind: Mapped[str] = mapped_column(sa.String(20))
    scheduled_for: Mapped[date]
    starts_at: Mapped[time | None]
    supervisee_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    state: Mapped[str] = mapped_column(sa.String(20), default="scheduled")
    held_on: Mapped[date | None]
    facilitator_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    cancelled_reason: Mapped[str | None] = mapped_column(sa.String(500))
    signed_off_by: Mapped[str | None] = mapped_column(sa.String(200))
    signed_off_worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    signed_off_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)

    __table_args__ = (
        sa.Index("sessions_by_pod", "pod_id", "scheduled_for"),
        # A pod meets for group supervision once a day at most: two "schedule the next weeks" requests side by side
        # cannot both add a session on the same day.
        sa.Index(
            "one_group_session_per_pod_per_day",
            "pod_id",
            "scheduled_for",
            unique=True,
            postgresql_where=sa.text("kind = 'group' AND state <> 'cancelled'"),
            sqlite_where=sa.text("kind = 'group' AND state <> 'cancelled'"),
        ),
    )
    __mapper_args__ = {"version_id_col": version}

    @property
    def day(self) -> date:
        return self.held_on or self.scheduled_for

    @property
    def signed_off(self) -> bool:
        return self.state == "signed_off"

    def record_change(self) -> None:
        """Every change to the session's record (attendees, discussions) moves its version (its ETag) on, so two
        edits side by side conflict in the database and the loser is told to fetch it again."""
        flag_modified(self, "state")


class Attendee(Base):
    __tablename__ = "attendees"

    session_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("sessions.id"), primary_key=True)
    worker_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    present: Mapped[bool] = mapped_column(default=True)
    visiting_from_pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    """An advisor from another pod: the pod they came from. None for the session's own pod's members."""


class Discussion(Base):
    """A case discussion: the Signs of Safety mapping, hypotheses, the decision and its rationale, dissent."""

    __tablename__ = "discussions"

    id: Mapped[uuid.UUID] = _id()
    session_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("sessions.id"), index=True)
    pod_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    discussed_on: Mapped[date]
    harm: Mapped[str] = _text()
    complicating_factors: Mapped[str] = _text()
    danger_statement: Mapped[str] = _text()
    strengths: Mapped[str] = _text()
    existing_safety: Mapped[str] = _text()
    safety_goals: Mapped[str] = _text()
    next_steps: Mapped[str] = _text()
    hypotheses: Mapped[str] = _text()
    decision: Mapped[str] = mapped_column(sa.Text)
    rationale: Mapped[str] = mapped_column(sa.Text)
    dissent: Mapped[str | None] = mapped_column(sa.Text)
    recorded_by: Mapped[str] = mapped_column(sa.String(200))
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class DiscussedChild(Base):
    """One child of a discussion, with the decision about them: the discussion's own, or theirs where a sibling
    group's decision differs per child."""

    __tablename__ = "discussed_children"

    decision_id: Mapped[uuid.UUID] = _id()
    discussion_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("discussions.id"), index=True)
    session_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    child_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    discussed_on: Mapped[date]
    decision: Mapped[str | None] = mapped_column(sa.Text)
    rationale: Mapped[str | None] = mapped_column(sa.Text)

    __table_args__ = (
        sa.UniqueConstraint("session_id", "child_id", name="one_discussion_per_child_per_session"),
        # The agenda asks when each of a pod's children was last discussed.
        sa.Index("discussed_children_by_child", "child_id", "discussed_on"),
    )


class Score(Base):
    """A 0-10 scaling score of a child in a discussion, by one voice, for one question."""

    __tablename__ = "scores"

    id: Mapped[uuid.UUID] = _id()
    discussion_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("discussions.id"), index=True)
    # A session's page and its sign-off read every score recorded in it.
    session_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    child_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    voice: Mapped[str] = mapped_column(sa.String(20))
    question: Mapped[str] = mapped_column(sa.String(30))
    score: Mapped[int]
    scored_on: Mapped[date]

    __table_args__ = (
        sa.UniqueConstraint("discussion_id", "child_id", "voice", "question", name="one_score_per_voice"),
        sa.Index("scores_by_child", "child_id", "question", "voice", "scored_on"),
    )


class Action(Base):
    """Something agreed for a child: a description, an owner, a due date; open, done or cancelled."""

    __tablename__ = "actions"

    id: Mapped[uuid.UUID] = _id()
    discussion_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("discussions.id"), index=True)
    # A session's page and its sign-off read every action agreed in it.
    session_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    pod_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    child_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    description: Mapped[str] = mapped_column(sa.Text)
    owner_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    set_on: Mapped[date]
    due_date: Mapped[date]
    status: Mapped[str] = mapped_column(sa.String(20), default="open")
    closed_on: Mapped[date | None]
    closing_note: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(default=1)

    __table_args__ = (
        sa.Index("actions_by_child", "child_id", "due_date"),
        sa.Index("actions_by_pod", "pod_id", "status", "due_date"),
    )
    __mapper_args__ = {"version_id_col": version}


class Addendum(Base):
    """Words added to a signed-off record; the record itself is never edited again."""

    __tablename__ = "addenda"

    id: Mapped[uuid.UUID] = _id()
    session_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("sessions.id"), index=True)
    child_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    decision_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    text: Mapped[str] = mapped_column(sa.Text)
    written_by: Mapped[str] = mapped_column(sa.String(200))
    written_on: Mapped[date]
    written_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class ReflectiveGroup(Base):
    """A group of staff who meet for reflection and emotional containment, of one pod or across pods."""

    __tablename__ = "reflective_groups"

    id: Mapped[uuid.UUID] = _id()
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    pod_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    facilitator_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    created_on: Mapped[date]


class ReflectiveSession(Base):
    """A meeting of a reflective practice group: the date, the facilitator and attendance; never case content."""

    __tablename__ = "reflective_sessions"

    id: Mapped[uuid.UUID] = _id()
    group_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("reflective_groups.id"))
    held_on: Mapped[date]
    facilitator_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    recorded_by: Mapped[str] = mapped_column(sa.String(200))

    __table_args__ = (sa.UniqueConstraint("group_id", "held_on", name="one_reflective_session_per_group_per_day"),)


class ReflectiveAttendance(Base):
    __tablename__ = "reflective_attendance"

    session_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("reflective_sessions.id"), primary_key=True)
    worker_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    present: Mapped[bool]


class CaseAudit(Base):
    """A quality assurance audit of a child's case: a grade per area, what was done well, what must improve and
    the practice themes found."""

    __tablename__ = "case_audits"

    id: Mapped[uuid.UUID] = _id()
    child_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    pod_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    worker_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    manager_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    quarter: Mapped[str] = mapped_column(sa.String(7))
    audited_on: Mapped[date]
    grades: Mapped[dict[str, Any]]
    overall_grade: Mapped[str] = mapped_column(sa.String(30))
    themes: Mapped[list[Any]]
    done_well: Mapped[str] = mapped_column(sa.Text)
    must_improve: Mapped[str] = mapped_column(sa.Text)
    recorded_by: Mapped[str] = mapped_column(sa.String(200))
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (sa.Index("case_audits_by_quarter", "quarter", "pod_id"),)
