"""The facts behind the feedback team's tables: when complaints entered each stage, which steps were taken in time,
and when each pod was complimented (over the reporting year and the year before it, for comparison)."""

from __future__ import annotations

import uuid
from collections.abc import Hashable
from datetime import date

import sqlalchemy as sa

from services.feedback.models import Complaint, ComplaintStage, Compliment
from services.feedback.queries.complaints import record_of
from services.feedback.rules.clocks import stage_in_time
from services.feedback.rules.quarters import Quarter
from services.feedback.settings import FeedbackSettings
from shared.runtime.unit_of_work import UnitOfWork


def _years(year: int) -> tuple[date, date]:
    """From the start of the year before (for "a year earlier") to the end of the year."""
    return Quarter(year - 1, 1).start, Quarter(year, 4).end


def _complaints(procedure: str | None, pod_id: uuid.UUID | None) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if procedure is not None:
        conditions.append(Complaint.procedure == procedure)
    if pod_id is not None:
        conditions.append(Complaint.pod_id == pod_id)
    return conditions


async def stage_entries(
    uow: UnitOfWork, year: int, procedure: str | None, pod_id: uuid.UUID | None
) -> list[tuple[Hashable, date]]:
    """(stage, day) for every stage a complaint entered (received at stage 1, asked for at 2 or 3) and every
    referral to the Ombudsman."""
    first, last = _years(year)
    stages = await uow.session.execute(
        sa.select(ComplaintStage.stage, ComplaintStage.started_on)
        .join(Complaint, Complaint.id == ComplaintStage.complaint_id)
        .where(ComplaintStage.started_on.between(first, last), *_complaints(procedure, pod_id))
    )
    referrals = await uow.session.scalars(
        sa.select(Complaint.ombudsman_referred_on).where(
            Complaint.ombudsman_referred_on.between(first, last), *_complaints(procedure, pod_id)
        )
    )
    entries: list[tuple[Hashable, date]] = [(f"stage_{stage}", day) for stage, day in stages]
    return entries + [("ombudsman", day) for day in referrals if day is not None]


async def steps_in_time(
    uow: UnitOfWork,
    settings: FeedbackSettings,
    first: date,
    last: date,
    procedure: str | None,
    pod_id: uuid.UUID | None,
) -> dict[str, list[bool]]:
    """For each step taken between `first` and `last` (acknowledgement, stage 1, 2, 3 answers), whether in time.
    Withdrawn stages were not answered and do not count."""
    calendar = settings.calendar()
    answered_in_range = sa.select(ComplaintStage.complaint_id).where(ComplaintStage.responded_on.between(first, last))
    found = await uow.session.scalars(
        sa.select(Complaint).where(
            sa.or_(Complaint.acknowledged_on.between(first, last), Complaint.id.in_(answered_in_range)),
            *_complaints(procedure, pod_id),
        )
    )
    steps: dict[str, list[bool]] = {}
    for complaint in found:
        policy = settings.procedure(complaint.procedure)
        record = await record_of(complaint)
        if record.acknowledged_on is not None and first <= record.acknowledged_on <= last:
            due = calendar.add(record.received_on, policy.acknowledgement_days)
            steps.setdefault("acknowledgement", []).append(record.acknowledged_on <= due)
        for stage in record.stages:
            in_time = stage_in_time(stage, policy, calendar)
            if in_time is not None and stage.responded_on is not None and first <= stage.responded_on <= last:
                steps.setdefault(f"stage_{stage.stage}", []).append(in_time)
    return steps


async def compliment_days(uow: UnitOfWork, year: int) -> list[tuple[uuid.UUID | None, date]]:
    first, last = _years(year)
    rows = await uow.session.execute(
        sa.select(Compliment.pod_id, Compliment.received_on).where(Compliment.received_on.between(first, last))
    )
    return [(pod_id, day) for pod_id, day in rows]
