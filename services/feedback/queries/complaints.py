"""Complaints read: one with its stages and actions, its clocks, lists for the feedback team and for a pod, and the
due list (clocks due soon and overdue, with the working days left on each)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from services.feedback.models import Complaint, ComplaintStage, LearningAction
from services.feedback.rules.clocks import Clock, ComplaintRecord, StageRecord, clocks_of
from services.feedback.settings import FeedbackSettings
from shared.runtime.unit_of_work import UnitOfWork


def stage_record(stage: ComplaintStage) -> StageRecord:
    return StageRecord(
        stage=stage.stage,
        started_on=stage.started_on,
        working_days=stage.working_days,
        extensions=len(stage.extensions),
        responded_on=stage.responded_on,
        outcome=stage.outcome,
        panel_held_on=stage.panel_held_on,
        panel_report_on=stage.panel_report_on,
    )


async def record_of(complaint: Complaint) -> ComplaintRecord:
    """The complaint as the rules read it."""
    stages: list[ComplaintStage] = await complaint.awaitable_attrs.stages
    return ComplaintRecord(
        received_on=complaint.received_on,
        acknowledged_on=complaint.acknowledged_on,
        stages=tuple(stage_record(stage) for stage in sorted(stages, key=lambda s: s.stage)),
        closed_on=complaint.closed_on,
        ombudsman_referred_on=complaint.ombudsman_referred_on,
        ombudsman_decided_on=complaint.ombudsman_decided_on,
    )


async def clocks(complaint: Complaint, settings: FeedbackSettings) -> list[Clock]:
    return clocks_of(await record_of(complaint), settings.procedure(complaint.procedure), settings.calendar())


@dataclass(frozen=True, slots=True)
class Filters:
    status: str | None = None
    stage: int | None = None
    procedure: str | None = None
    pod_id: uuid.UUID | None = None
    child_id: uuid.UUID | None = None
    received_from: date | None = None
    received_to: date | None = None


async def complaints(
    uow: UnitOfWork, filters: Filters, pods: frozenset[uuid.UUID] | None, limit: int, after: uuid.UUID | None
) -> list[Complaint]:
    """A page of complaints in a stable order (by id); `pods` narrows them to those pods' complaints."""
    query = sa.select(Complaint).where(*_conditions(filters)).order_by(Complaint.id).limit(limit + 1)
    if pods is not None:
        query = query.where(Complaint.pod_id.in_(pods))
    if after is not None:
        query = query.where(Complaint.id > after)
    return list((await uow.session.scalars(query)).all())


def _conditions(filters: Filters) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if filters.status is not None:
        closed = Complaint.closed_on.is_not(None)
        conditions.append(closed if filters.status == "closed" else sa.not_(closed))
    for column, value in (
        (Complaint.procedure, filters.procedure),
        (Complaint.pod_id, filters.pod_id),
        (Complaint.child_id, filters.child_id),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.received_from is not None:
        conditions.append(Complaint.received_on >= filters.received_from)
    if filters.received_to is not None:
        conditions.append(Complaint.received_on <= filters.received_to)
    if filters.stage is not None:
        latest = sa.select(sa.func.max(ComplaintStage.stage)).where(ComplaintStage.complaint_id == Complaint.id)
        conditions.append(latest.scalar_subquery() == filters.stage)
    return conditions


@dataclass(frozen=True, slots=True)
class DueClock:
    complaint: Complaint
    clock: Clock | None
    action: LearningAction | None
    due_on: date
    days_left: int


async def due_list(
    uow: UnitOfWork, settings: FeedbackSettings, today: date, within: int, pods: frozenset[uuid.UUID] | None
) -> list[DueClock]:
    """Every running clock due within `within` working days of today or overdue (the council's), every
    complainant's window that ends in that time, and every learning action not done by then; soonest first."""
    calendar = settings.calendar()
    horizon = calendar.add(today, within)
    query = sa.select(Complaint).where(
        sa.or_(
            Complaint.closed_on.is_(None),
            Complaint.id.in_(sa.select(LearningAction.complaint_id).where(LearningAction.completed_on.is_(None))),
        )
    )
    if pods is not None:
        query = query.where(Complaint.pod_id.in_(pods))
    found: list[DueClock] = []
    for complaint in (await uow.session.scalars(query)).all():
        for running in (c for c in await clocks(complaint, settings) if c.running and c.due_on <= horizon):
            found.append(DueClock(complaint, running, None, running.due_on, running.days_left(calendar, today)))
        actions: list[LearningAction] = await complaint.awaitable_attrs.learning_actions
        for action in actions:
            if action.completed_on is None and action.due_on <= horizon:
                found.append(DueClock(complaint, None, action, action.due_on, calendar.between(today, action.due_on)))
    return sorted(found, key=lambda due: (due.due_on, str(due.complaint.id)))
