"""Loading the read model into the measures' facts, narrowed by date in SQL, and the freshness of it all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import starmap
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

if TYPE_CHECKING:
    from shared.runtime.runner import ServiceRuntime

from services.kpi.models import (
    AllocationRow,
    CaseRow,
    ChildRow,
    CourtRow,
    MembershipRow,
    StatusRow,
    TopicFreshness,
    WorkerRow,
)
from services.kpi.rules.facts import (
    CasePeriod,
    ChildFacts,
    CourtPeriod,
    Episode,
    Membership,
    StatusPeriod,
    Worker,
)


def _overlapping(start: Any, end: Any, window_from: date | None, window_to: date) -> sa.ColumnElement[bool]:
    condition = sa.and_(start.is_not(None), start <= window_to)
    if window_from is not None:
        condition = sa.and_(condition, sa.or_(end.is_(None), end >= window_from))
    return condition


def _in_effect_on(start: Any, end: Any, day: date) -> sa.ColumnElement[bool]:
    """At the end of day, as the measures read it: a period that ended on day no longer holds."""
    return sa.and_(start.is_not(None), start <= day, sa.or_(end.is_(None), end > day))


Children = sa.Select[str]


def with_status_on(kind: str, day: date) -> Children:
    s = StatusRow.__table__.c
    return sa.select(s.child_id).where(s.kind == kind, _in_effect_on(s.start, s.end, day))


def looked_after_on(day: date) -> Children:
    """Children looked after on day, under any legal status: the national measures' cohorts start here."""
    return with_status_on("CLA", day)


def with_open_case_on(day: date) -> Children:
    c = CaseRow.__table__.c
    return sa.select(c.child_id).where(_in_effect_on(c.start, c.end, day))


async def episodes(
    session: AsyncSession, window_from: date | None, window_to: date, *, of_children: Children | None = None
) -> list[Episode]:
    """Social worker episodes (allocations with a worker, not entered in error) touching the window; with
    of_children, only those children's (their whole history when window_from is None)."""
    a = AllocationRow.__table__.c
    pod_id = sa.func.coalesce(a.pod_id, "")
    query = sa.select(a.allocation_id, a.child_id, a.case_id, a.worker_id, pod_id, a.start, a.end, a.reason).where(
        a.worker_id.is_not(None), a.entered_in_error.is_not(True), _overlapping(a.start, a.end, window_from, window_to)
    )
    if of_children is not None:
        query = query.where(a.child_id.in_(of_children))
    # Rows straight into the facts: at scale, building them is much of a figure's time.
    return list(starmap(Episode, await session.execute(query)))


async def statuses(session: AsyncSession, window_from: date | None, window_to: date) -> list[StatusPeriod]:
    s = StatusRow.__table__.c
    query = sa.select(s.child_id, s.case_id, s.kind, s.start, s.end, s.legal_status).where(
        s.kind.is_not(None), _overlapping(s.start, s.end, window_from, window_to)
    )
    return list(starmap(StatusPeriod, await session.execute(query)))


async def cases(session: AsyncSession, window_from: date | None, window_to: date) -> list[CasePeriod]:
    c = CaseRow.__table__.c
    query = sa.select(c.case_id, c.child_id, c.start, c.end).where(_overlapping(c.start, c.end, window_from, window_to))
    return list(starmap(CasePeriod, await session.execute(query)))


async def uasc_children(session: AsyncSession) -> list[ChildFacts]:
    """Only the unaccompanied asylum-seeking children: the measures take every child they are not told of
    as not UASC, so the rest need not be read."""
    c = ChildRow.__table__.c
    query = sa.select(c.child_id, c.uasc).where(c.uasc.is_(True))
    return list(starmap(ChildFacts, await session.execute(query)))


async def court_proceedings(session: AsyncSession, as_at: date) -> list[CourtPeriod]:
    p = CourtRow.__table__.c
    query = sa.select(p.case_id, p.start, p.end).where(p.start.is_not(None), _overlapping(p.start, p.end, as_at, as_at))
    return list(starmap(CourtPeriod, await session.execute(query)))


async def siblings(session: AsyncSession, *, of_children: Children | None = None) -> dict[str, str]:
    """child -> family for the children who joined a brother's or sister's family; every other child is a
    family of their own (its id), so those rows need not be read."""
    c = ChildRow.__table__.c
    query = sa.select(c.child_id, c.family_id).where(c.family_id.is_not(None), c.family_id != c.child_id)
    if of_children is not None:
        query = query.where(c.child_id.in_(of_children))
    return {child_id: family_id for child_id, family_id in (await session.execute(query)).all()}


async def memberships(session: AsyncSession, as_at: date) -> list[Membership]:
    m = MembershipRow.__table__.c
    query = sa.select(m.worker_id, m.pod_id, m.role, m.fte, m.start, m.end).where(
        m.pod_id.is_not(None), _overlapping(m.start, m.end, as_at, as_at)
    )
    return [Membership(r[0], r[1], r[2] or "", r[3] or 0.0, r[4], r[5]) for r in (await session.execute(query)).all()]


async def workers(session: AsyncSession) -> list[Worker]:
    w = WorkerRow.__table__.c
    return [Worker(*row) for row in (await session.execute(sa.select(w.worker_id, w.employment))).all()]


@dataclass(frozen=True)
class Freshness:
    topics: dict[str, dict[str, Any]]
    last_event_time: datetime | None
    last_applied_at: datetime | None
    events_applied: int


async def freshness(session: AsyncSession) -> Freshness:
    f = TopicFreshness.__table__.c
    query = sa.select(f.topic, f.last_event_time, f.last_applied_at, f.events_applied).order_by(f.topic)
    rows = [(topic, _utc(event), _utc(applied), count) for topic, event, applied, count in await session.execute(query)]
    topics = {
        topic: {"last_event_time": event, "last_applied_at": applied, "events_applied": count}
        for topic, event, applied, count in rows
    }
    return Freshness(
        topics=topics,
        last_event_time=max((row[1] for row in rows), default=None),
        last_applied_at=max((row[2] for row in rows), default=None),
        events_applied=sum(row[3] for row in rows),
    )


def _utc(moment: datetime) -> datetime:
    # SQLite hands back the stored wall clock without its zone; it was written in UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


async def freshness_report(session: AsyncSession, runtime: ServiceRuntime) -> tuple[Freshness, dict[str, Any]]:
    """Freshness per topic, with how many events wait for the consumer and how many were dead-lettered."""
    mark = await freshness(session)
    lag = None
    consumer = runtime.consumer
    if consumer is not None and consumer.subscription is not None:
        lag = await consumer.subscription.lag()
    dead = await session.scalar(sa.select(sa.func.count()).select_from(runtime.service.tables.dead_letters))
    return mark, {
        "topics": mark.topics,
        "consumer_lag": lag,
        "dead_lettered": dead,
        "events_applied": mark.events_applied,
    }
