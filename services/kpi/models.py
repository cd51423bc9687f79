"""The KPI read model: periods rebuilt from allocation's events only. Effective dates, never arrival order.

Rows are upserted by the id the producer gave them, so a fact may arrive before the fact it follows
(across topics) and still land in the right place; duplicates are stopped by the inbox.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.messaging.tables import platform_tables


class Base(DeclarativeBase):
    pass


platform = platform_tables(Base.metadata)
Id = sa.String(36)


class ChildRow(Base):
    __tablename__ = "kpi_children"

    child_id: Mapped[str] = mapped_column(Id, primary_key=True)
    uasc: Mapped[bool | None]
    date_of_birth: Mapped[date | None]
    family_id: Mapped[str | None] = mapped_column(Id)
    """Siblings share it; None (older events) and the child's own id both mean a family of one so far."""


class CaseRow(Base):
    __tablename__ = "kpi_cases"

    case_id: Mapped[str] = mapped_column(Id, primary_key=True)
    child_id: Mapped[str] = mapped_column(Id, index=True)
    start: Mapped[date | None]
    end: Mapped[date | None] = mapped_column(index=True)


class StatusRow(Base):
    __tablename__ = "kpi_statuses"

    status_id: Mapped[str] = mapped_column(Id, primary_key=True)
    case_id: Mapped[str] = mapped_column(Id)
    child_id: Mapped[str] = mapped_column(Id, index=True)
    kind: Mapped[str | None] = mapped_column(sa.String(3))
    start: Mapped[date | None]
    end: Mapped[date | None] = mapped_column(index=True)
    legal_status: Mapped[str | None] = mapped_column(sa.String(2))


class CourtRow(Base):
    __tablename__ = "kpi_court_proceedings"

    proceedings_id: Mapped[str] = mapped_column(Id, primary_key=True)
    case_id: Mapped[str] = mapped_column(Id)
    child_id: Mapped[str] = mapped_column(Id, index=True)
    start: Mapped[date | None]
    end: Mapped[date | None] = mapped_column(index=True)


class AllocationRow(Base):
    """An allocation period; with a worker it is a social worker episode. Cover never lands here."""

    __tablename__ = "kpi_allocations"

    allocation_id: Mapped[str] = mapped_column(Id, primary_key=True)
    case_id: Mapped[str] = mapped_column(Id)
    child_id: Mapped[str] = mapped_column(Id, index=True)
    pod_id: Mapped[str | None] = mapped_column(Id)
    worker_id: Mapped[str | None] = mapped_column(Id, index=True)
    start: Mapped[date | None] = mapped_column(index=True)
    end: Mapped[date | None] = mapped_column(index=True)
    reason: Mapped[str | None] = mapped_column(sa.String(6))
    entered_in_error: Mapped[bool | None]
    # The episode's place in the child's chronology, kept by the handlers (rules/contributions.py) so that the
    # local measure is added up in SQL: None for an allocation that is not an episode or a dropped duplicate.
    position: Mapped[int | None]
    changed: Mapped[bool | None]
    pod_changed: Mapped[bool | None]
    run_start: Mapped[date | None]


class MembershipRow(Base):
    __tablename__ = "kpi_memberships"

    membership_id: Mapped[str] = mapped_column(Id, primary_key=True)
    worker_id: Mapped[str] = mapped_column(Id, index=True)
    pod_id: Mapped[str | None] = mapped_column(Id)
    role: Mapped[str | None] = mapped_column(sa.String(40))
    fte: Mapped[float | None]
    start: Mapped[date | None]
    end: Mapped[date | None]


class WorkerRow(Base):
    __tablename__ = "kpi_workers"

    worker_id: Mapped[str] = mapped_column(Id, primary_key=True)
    employment: Mapped[str] = mapped_column(sa.String(20))


class PodRow(Base):
    __tablename__ = "kpi_pods"

    pod_id: Mapped[str] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))


class NationalYearRow(Base):
    """A child's part in one reporting year of a national continuity measure ("dfe" or "cco"); an onward row stands
    for its year and every later one (the child's facts all lie before it). Kept by the handlers."""

    __tablename__ = "kpi_national_years"
    __table_args__ = (sa.Index("ix_kpi_national_years_onward", "measure", "onward", "year"),)

    measure: Mapped[str] = mapped_column(sa.String(3), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[str] = mapped_column(Id, primary_key=True, index=True)
    onward: Mapped[bool]
    pod_id: Mapped[str | None] = mapped_column(Id)
    worker_count: Mapped[int]
    changes: Mapped[int]
    pod_changes: Mapped[int]
    workers: Mapped[str] = mapped_column(sa.Text)
    """The workers' ids in the order the child first had them, comma-separated."""
    warnings: Mapped[str | None] = mapped_column(sa.Text)
    """The child's data-quality warnings in the year, as JSON; None when there are none."""
    duplicates: Mapped[int]
    overlapped: Mapped[int]


class MonthlyChangeRow(Base):
    """How the month-end counts of a pod change at a month end: the count at a month end is the sum of the changes
    up to it. Kept by the handlers from each child's contribution."""

    __tablename__ = "kpi_monthly_changes"

    month_end: Mapped[date] = mapped_column(primary_key=True)
    pod_id: Mapped[str] = mapped_column(Id, primary_key=True)
    open_cases: Mapped[int]
    cp_plans: Mapped[int]
    looked_after: Mapped[int]


class ChangedMonth(Base):
    """A version per month, moved on by every batch whose earliest changed fact falls in it: a figure that reads
    facts up to a day is still valid while no month up to that day has moved. Not a projection of the facts (its
    versions come from the clock), so a replay leaves it, and only moves it on."""

    __tablename__ = "kpi_changed_months"

    month_end: Mapped[date] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger)


class TopicFreshness(Base):
    """The last event applied per topic: every figure says how fresh it is."""

    __tablename__ = "kpi_freshness"

    topic: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    last_event_time: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    last_applied_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    events_applied: Mapped[int] = mapped_column(sa.BigInteger, default=0)


# Everything a replay empties and rebuilds.
READ_MODEL: tuple[sa.Table, ...] = tuple(
    model.__table__  # type: ignore[misc]
    for model in (
        ChildRow,
        CaseRow,
        StatusRow,
        CourtRow,
        AllocationRow,
        MembershipRow,
        WorkerRow,
        PodRow,
        NationalYearRow,
        MonthlyChangeRow,
        TopicFreshness,
    )
)


# Practice measures (kpi.md 4): records', supervision's and feedback's facts, one row per fact by the producer's id.
# Lists (themes, grades) are kept as JSON text: they are only ever counted, never searched.


class VisitRow(Base):
    """One child on one completed visit (a sibling visit is one row per child, same entry)."""

    __tablename__ = "kpi_visits"

    entry_id: Mapped[str] = mapped_column(Id, primary_key=True)
    child_id: Mapped[str] = mapped_column(Id, primary_key=True, index=True)
    case_id: Mapped[str | None] = mapped_column(Id)
    pod_id: Mapped[str | None] = mapped_column(Id)
    worker_id: Mapped[str | None] = mapped_column(Id)
    visit_kind: Mapped[str | None] = mapped_column(sa.String(20))
    serves_status: Mapped[str | None] = mapped_column(sa.String(3))
    occurred_on: Mapped[date | None] = mapped_column(index=True)
    seen: Mapped[bool | None]
    seen_alone: Mapped[bool | None]
    entered_in_error: Mapped[bool | None]


class CaseSummaryRow(Base):
    __tablename__ = "kpi_case_summaries"

    entry_id: Mapped[str] = mapped_column(Id, primary_key=True)
    child_id: Mapped[str] = mapped_column(Id, primary_key=True, index=True)
    case_id: Mapped[str | None] = mapped_column(Id)
    pod_id: Mapped[str | None] = mapped_column(Id)
    worker_id: Mapped[str | None] = mapped_column(Id)
    occurred_on: Mapped[date | None]
    due_on: Mapped[date | None]
    cadence_weeks: Mapped[int | None]
    on_time: Mapped[bool | None]
    entered_in_error: Mapped[bool | None]


class StoryEntryRow(Base):
    """A completed story entry, once however many children it covers: recording time by kind, per pod."""

    __tablename__ = "kpi_story_entries"

    entry_id: Mapped[str] = mapped_column(Id, primary_key=True)
    entry_type: Mapped[str | None] = mapped_column(sa.String(30))
    occurred_on: Mapped[date | None]
    completed_on: Mapped[date | None] = mapped_column(index=True)
    recorded_by_pod_id: Mapped[str | None] = mapped_column(Id)
    seconds_to_complete: Mapped[int | None]
    characters: Mapped[int | None]
    entered_in_error: Mapped[bool | None]


class DiscussionRow(Base):
    """A supervision decision about a child: the child was discussed that day."""

    __tablename__ = "kpi_supervision_decisions"

    decision_id: Mapped[str] = mapped_column(Id, primary_key=True)
    child_id: Mapped[str] = mapped_column(Id, index=True)
    case_id: Mapped[str | None] = mapped_column(Id)
    pod_id: Mapped[str | None] = mapped_column(Id)
    worker_id: Mapped[str | None] = mapped_column(Id)
    decided_on: Mapped[date | None]
    session_kind: Mapped[str | None] = mapped_column(sa.String(10))


class ActionRow(Base):
    __tablename__ = "kpi_supervision_actions"

    action_id: Mapped[str] = mapped_column(Id, primary_key=True)
    child_id: Mapped[str] = mapped_column(Id, index=True)
    pod_id: Mapped[str | None] = mapped_column(Id)
    owner_id: Mapped[str | None] = mapped_column(Id, index=True)
    set_on: Mapped[date | None]
    due_date: Mapped[date | None]
    completed_on: Mapped[date | None]
    cancelled_on: Mapped[date | None]


class ScalingRow(Base):
    __tablename__ = "kpi_scaling_scores"

    score_id: Mapped[str] = mapped_column(Id, primary_key=True)
    child_id: Mapped[str] = mapped_column(Id, index=True)
    pod_id: Mapped[str | None] = mapped_column(Id)
    worker_id: Mapped[str | None] = mapped_column(Id)
    scored_on: Mapped[date | None]
    voice: Mapped[str | None] = mapped_column(sa.String(30))
    question: Mapped[str | None] = mapped_column(sa.String(30))
    score: Mapped[int | None]
    previous_score: Mapped[int | None]


class AuditRow(Base):
    __tablename__ = "kpi_case_audits"

    audit_id: Mapped[str] = mapped_column(Id, primary_key=True)
    child_id: Mapped[str] = mapped_column(Id)
    pod_id: Mapped[str | None] = mapped_column(Id)
    quarter: Mapped[str | None] = mapped_column(sa.String(7), index=True)
    audited_on: Mapped[date | None]
    overall_grade: Mapped[str | None] = mapped_column(sa.String(30))
    grades: Mapped[str | None] = mapped_column(sa.Text)
    themes: Mapped[str | None] = mapped_column(sa.Text)


class ComplaintStageRow(Base):
    """One stage of one complaint: when its clock started, when it was due and answered, and if in time."""

    __tablename__ = "kpi_complaint_stages"

    complaint_id: Mapped[str] = mapped_column(Id, primary_key=True)
    stage: Mapped[int] = mapped_column(primary_key=True)
    procedure: Mapped[str | None] = mapped_column(sa.String(30))
    started_on: Mapped[date | None] = mapped_column(index=True)
    due_on: Mapped[date | None]
    responded_on: Mapped[date | None]
    in_time: Mapped[bool | None]
    extended: Mapped[bool | None]
    pod_id: Mapped[str | None] = mapped_column(Id)
    worker_id: Mapped[str | None] = mapped_column(Id)


class ComplimentRow(Base):
    __tablename__ = "kpi_compliments"

    compliment_id: Mapped[str] = mapped_column(Id, primary_key=True)
    received_on: Mapped[date | None] = mapped_column(index=True)
    pod_id: Mapped[str | None] = mapped_column(Id)
    from_relation: Mapped[str | None] = mapped_column(sa.String(40))


class ComplimentWorkerRow(Base):
    __tablename__ = "kpi_compliment_workers"

    compliment_id: Mapped[str] = mapped_column(Id, primary_key=True)
    worker_id: Mapped[str] = mapped_column(Id, primary_key=True, index=True)
    received_on: Mapped[date | None]


class QuestionnaireAnswerRow(Base):
    """One item of one anonymous response; the response's id is the event's (responses carry none)."""

    __tablename__ = "kpi_questionnaire_answers"

    response_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    item: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    run_id: Mapped[str] = mapped_column(Id, index=True)
    questionnaire_code: Mapped[str] = mapped_column(sa.String(40))
    audience: Mapped[str] = mapped_column(sa.String(40))
    period_start: Mapped[date]
    period_end: Mapped[date]
    pod_id: Mapped[str | None] = mapped_column(Id)
    kind: Mapped[str] = mapped_column(sa.String(20))
    value: Mapped[float]


PRACTICE: tuple[sa.Table, ...] = tuple(
    model.__table__  # type: ignore[misc]
    for model in (
        VisitRow,
        CaseSummaryRow,
        StoryEntryRow,
        DiscussionRow,
        ActionRow,
        ScalingRow,
        AuditRow,
        ComplaintStageRow,
        ComplimentRow,
        ComplimentWorkerRow,
        QuestionnaireAnswerRow,
    )
)
READ_MODEL = (*READ_MODEL, *PRACTICE)
