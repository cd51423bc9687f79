"""Visit clocks: when a child was last seen, and seen alone, and when the next visit is due, per status (a
looked-after child every 6 weeks, a child protection plan every 10 working days, a child in need every 20, unless
the council configures otherwise). A pod's list shows who is due and who is overdue."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Query

from services.records.api.callers import PodReader, StoryReader
from services.records.api.schemas.visits import PodVisitsOut, StatusClockOut, VisitClockOut, VisitOut
from services.records.queries import scope
from services.records.queries import visits as queries
from services.records.settings import Settings
from shared.runtime.bodies import IsoDate
from shared.runtime.http import UnitOfWorkDep, service_router

router = service_router(tags=["visits"])
AsAt = Annotated[IsoDate | None, Query(description="The day the clocks are read on (default today).")]
RECENT_VISITS = 20


def clock_out(found: queries.ChildClock, visits: list[queries.Visit] | None = None) -> VisitClockOut:
    clock = found.clock
    return VisitClockOut(
        child_id=found.child.child_id,
        as_at=clock.as_at,
        last_seen=clock.last_seen,
        last_seen_alone=clock.last_seen_alone,
        next_due=clock.next_due,
        overdue=clock.overdue,
        clocks=[
            StatusClockOut(
                status=c.status,
                interval=c.interval,
                since=c.since,
                due_on=c.due_on,
                overdue=c.overdue,
                days_overdue=c.days_overdue,
            )
            for c in clock.clocks
        ],
        visits=[
            VisitOut(
                entry_id=v.entry_id,
                occurred_on=v.occurred_on,
                visit_kind=v.visit_kind,
                serves_status=v.serves_status,
                seen=v.seen,
                seen_alone=v.seen_alone,
            )
            for v in (visits or [])[:RECENT_VISITS]
        ],
    )


@router.get("/children/{child_id}/visits", response_model=VisitClockOut)
async def read_visit_clock(
    child_id: uuid.UUID, uow: UnitOfWorkDep, principal: StoryReader, settings: Settings, as_at: AsAt = None
) -> VisitClockOut:
    """The child's visit clock as at a day: last seen, last seen alone, and for each open status when the next
    visit is due and whether it is overdue; with the latest visits. An unsuccessful visit, or a visit on which the
    child was not seen, never restarts the clock."""
    child = await scope.child_for(uow, principal, child_id, "read", "/visits")
    [found], visits = await queries.clocks(uow, [child], as_at or date.today(), settings)
    return clock_out(found, visits.get(child_id))


@router.get("/pods/{pod_id}/visits", response_model=PodVisitsOut)
async def read_pod_visits(
    pod_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: PodReader,
    settings: Settings,
    as_at: AsAt = None,
    overdue: Annotated[bool, Query(description="Only children whose visit is overdue")] = False,
) -> PodVisitsOut:
    """Every child whose open case the pod holds, with their visit clock, the soonest due first: the pod's list of
    visits due and overdue."""
    scope.require_pod(principal, pod_id)
    day = as_at or date.today()
    children = await queries.pod_children(uow, pod_id)
    found, _ = await queries.clocks(uow, children, day, settings)
    uow.audit(principal, "read", f"pod/{pod_id}/visits", *(c.child.child_id for c in found))
    rows = [clock_out(c) for c in found if c.clock.overdue or not overdue]
    return PodVisitsOut(
        pod_id=pod_id, as_at=day, children=sorted(rows, key=lambda r: (r.next_due or date.max, str(r.child_id)))
    )
