"""Case summaries, the One Story's replacement for running notes: each case has a cadence (default 4 weeks, set by
the pod manager per case); the next summary is due that long after the last. Summaries themselves are story
entries (`POST /entries` with `entry_type: case_summary`)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Query, Response

from services.records.api.callers import Manager, PodReader, StoryReader
from services.records.api.entries import entry_out
from services.records.api.schemas.summaries import (
    CadenceIn,
    CadenceOut,
    CaseSummariesOut,
    PodSummariesOut,
    SummaryDueOut,
)
from services.records.commands import summaries as commands
from services.records.queries import scope
from services.records.queries import summaries as queries
from services.records.settings import Settings
from shared.runtime.bodies import IsoDate
from shared.runtime.http import IfMatch, UnitOfWorkDep, etag, service_router

router = service_router(tags=["case summaries"])
AsAt = Annotated[IsoDate | None, Query(description="The day due dates are read on (default today).")]


def due_out(found: queries.CaseSummaries) -> SummaryDueOut:
    return SummaryDueOut(
        case_id=found.case.case_id,
        child_id=found.case.child_id,
        cadence_weeks=found.due.cadence_weeks,
        cadence_set_by=found.cadence.set_by if found.cadence else None,
        cadence_set_at=found.cadence.set_at if found.cadence else None,
        last_summary_on=found.due.last_summary_on,
        due_on=found.due.due_on,
        overdue=found.due.overdue,
        days_overdue=found.due.days_overdue,
    )


@router.get("/cases/{case_id}/case-summaries", response_model=CaseSummariesOut)
async def read_case_summaries(
    case_id: uuid.UUID, uow: UnitOfWorkDep, principal: StoryReader, settings: Settings, as_at: AsAt = None
) -> CaseSummariesOut:
    """The case's completed summaries (newest first), its cadence, and when the next is due (overdue after)."""
    case = await scope.case_for(uow, principal, case_id, "read", "/case-summaries")
    day = as_at or date.today()
    [found] = await queries.due(uow, [case], day, settings)
    summaries = await queries.summaries_of(uow, case)
    return CaseSummariesOut(**due_out(found).model_dump(), as_at=day, summaries=[entry_out(e) for e in summaries])


@router.put("/cases/{case_id}/summary-cadence", response_model=CadenceOut)
async def set_summary_cadence(
    case_id: uuid.UUID,
    body: CadenceIn,
    uow: UnitOfWorkDep,
    principal: Manager,
    response: Response,
    if_match: IfMatch = None,
) -> CadenceOut:
    """Set how often the case needs a summary, in weeks (the case's pod manager, or a head of service). With
    `If-Match`, only if the cadence is still the one read."""
    case = await scope.case_for(uow, principal, case_id, "write", "/summary-cadence")
    await scope.require_manager_of(uow, principal, case)
    cadence = await commands.set_cadence(uow, case, principal, body.weeks, if_match=if_match)
    await uow.flush()  # the cadence's version, for its ETag
    response.headers["ETag"] = etag(cadence.version)
    return CadenceOut(
        case_id=cadence.case_id,
        weeks=cadence.weeks,
        set_by=cadence.set_by,
        set_at=cadence.set_at,
        version=cadence.version,
    )


@router.get("/pods/{pod_id}/case-summaries", response_model=PodSummariesOut)
async def read_pod_case_summaries(
    pod_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: PodReader,
    settings: Settings,
    as_at: AsAt = None,
    overdue: Annotated[bool, Query(description="Only cases whose summary is overdue")] = False,
) -> PodSummariesOut:
    """The open cases the pod holds with when each next needs a summary, the soonest first."""
    scope.require_pod(principal, pod_id)
    day = as_at or date.today()
    found = await queries.due(uow, await queries.pod_cases(uow, pod_id), day, settings)
    uow.audit(principal, "read", f"pod/{pod_id}/case-summaries", *(f.case.child_id for f in found))
    rows = [due_out(f) for f in found if f.due.overdue or not overdue]
    return PodSummariesOut(
        pod_id=pod_id, as_at=day, cases=sorted(rows, key=lambda r: (r.due_on or date.max, str(r.case_id)))
    )
