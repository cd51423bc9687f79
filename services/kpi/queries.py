"""Loading the read model into the measures' facts, narrowed by date in SQL, and the freshness of it all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.kpi.measures.facts import CasePeriod, ChildFacts, Episode, Membership, StatusPeriod, Worker
from services.kpi.models import (
    AllocationRow,
    CaseRow,
    ChildRow,
    MembershipRow,
    StatusRow,
    TopicFreshness,
    WorkerRow,
)


def _overlapping(start: Any, end: Any, window_from: date | None, window_to: date) -> sa.ColumnElement[bool]:
    condition = sa.and_(start.is_not(None), start <= window_to)
    if window_from is not None:
        condition = sa.and_(condition, sa.or_(end.is_(None), end >= window_from))
    return condition


async def episodes(session: AsyncSession, window_from: date | None, window_to: date) -> list[Episode]:
    """Social worker episodes (allocations with a worker, not entered in error) touching the window."""
    a = AllocationRow.__table__.c
    query = sa.select(a.allocation_id, a.child_id, a.case_id, a.worker_id, a.pod_id, a.start, a.end, a.reason).where(
        a.worker_id.is_not(None), a.entered_in_error.is_(False), _overlapping(a.start, a.end, window_from, window_to)
    )
    rows = (await session.execute(query)).all()
    return [Episode(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6], r[7]) for r in rows]


async def statuses(session: AsyncSession, window_from: date | None, window_to: date) -> list[StatusPeriod]:
    s = StatusRow.__table__.c
    query = sa.select(s.child_id, s.case_id, s.kind, s.start, s.end, s.legal_status).where(
        s.kind.is_not(None), _overlapping(s.start, s.end, window_from, window_to)
    )
    return [StatusPeriod(*row) for row in (await session.execute(query)).all()]


async def cases(session: AsyncSession, window_from: date | None, window_to: date) -> list[CasePeriod]:
    c = CaseRow.__table__.c
    query = sa.select(c.case_id, c.child_id, c.start, c.end).where(_overlapping(c.start, c.end, window_from, window_to))
    return [CasePeriod(*row) for row in (await session.execute(query)).all()]


async def children(session: AsyncSession) -> list[ChildFacts]:
    c = ChildRow.__table__.c
    return [ChildFacts(*row) for row in (await session.execute(sa.select(c.child_id, c.uasc))).all()]


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
    rows = (await session.scalars(sa.select(TopicFreshness))).all()
    topics = {
        row.topic: {
            "last_event_time": row.last_event_time,
            "last_applied_at": row.last_applied_at,
            "events_applied": row.events_applied,
        }
        for row in rows
    }
    return Freshness(
        topics=topics,
        last_event_time=max((r.last_event_time for r in rows), default=None),
        last_applied_at=max((r.last_applied_at for r in rows), default=None),
        events_applied=sum(r.events_applied for r in rows),
    )
