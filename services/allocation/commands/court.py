"""Court proceedings: dated periods in which a case is before the family court, weighed heavier in caseloads."""

from __future__ import annotations

import uuid
from datetime import date

from services.allocation.commands.refusals import refuse_ending, refuse_future
from services.allocation.models import Case, CourtProceedings
from shared.events.allocation import CourtProceedingsEnded, CourtProceedingsStarted
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork


async def open_proceedings(case: Case) -> list[CourtProceedings]:
    proceedings: list[CourtProceedings] = await case.awaitable_attrs.court_proceedings
    return [p for p in proceedings if p.end_date is None]


async def start_proceedings(uow: UnitOfWork, case: Case, *, start_date: date) -> CourtProceedings:
    """The case goes before the family court from this date; one set of proceedings at a time."""
    refuse_future(start_date, "start_date")
    if not case.is_open:
        raise Conflict("the case is closed", field="case_id")
    if start_date < case.referral_date:
        raise Invalid("start_date is before the case's referral date", field="start_date")
    if current := await open_proceedings(case):
        raise Conflict(
            f"the case is already in proceedings since {current[0].start_date}; end them first", field="case_id"
        )
    earlier: list[CourtProceedings] = await case.awaitable_attrs.court_proceedings
    if covering := next((p for p in earlier if p.end_date and p.end_date > start_date), None):
        raise Conflict(
            f"the case was in proceedings from {covering.start_date} to {covering.end_date}, which covers {start_date}",
            field="start_date",
        )
    proceedings = CourtProceedings(id=uuid.uuid4(), case_id=case.id, start_date=start_date)
    case.court_proceedings.append(proceedings)
    case.record_change()
    event = CourtProceedingsStarted(
        proceedings_id=proceedings.id, case_id=case.id, child_id=case.child_id, start_date=start_date
    )
    uow.publish(event)
    return proceedings


async def end_proceedings(
    uow: UnitOfWork, case: Case, proceedings: CourtProceedings, *, end_date: date
) -> CourtProceedings:
    refuse_ending(proceedings.start_date, proceedings.end_date, end_date, what="proceedings", field="proceedings_id")
    proceedings.end_date = end_date
    case.record_change()
    event = CourtProceedingsEnded(
        proceedings_id=proceedings.id, case_id=case.id, child_id=case.child_id, end_date=end_date
    )
    uow.publish(event)
    return proceedings
