"""Cover: a pod colleague covers one case, or all of a worker's cases, for a period. It is not a transfer:
the allocated worker does not change and continuity measures do not count it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.commands.allocations import membership_on
from services.allocation.commands.refusals import refuse_future
from services.allocation.models import Allocation, Case, Cover, Worker, outbox
from services.allocation.queries.caseloads import allocation_open_on
from shared.events.allocation import CoverEnded, CoverStarted
from shared.problems import Conflict, Invalid

COVER_REASONS = frozenset({"leave", "sickness", "court", "duty", "other"})


@dataclass(frozen=True, slots=True)
class Contact:
    """Who to call about a case on a day: the allocated worker, or their cover."""

    allocation: Allocation | None
    cover: Cover | None

    @property
    def worker_id(self) -> uuid.UUID | None:
        if self.cover is not None:
            return self.cover.covering_worker_id
        return self.allocation.worker_id if self.allocation else None


async def cover_case(
    session: AsyncSession,
    case: Case,
    *,
    covering_worker_id: uuid.UUID,
    start_date: date,
    end_date: date | None,
    reason: str,
) -> Cover:
    _check_period_and_reason(start_date, end_date, reason)
    allocation = await allocation_on(session, case.id, start_date)
    if allocation is None or allocation.worker_id is None:
        raise Conflict(f"the case has no allocated worker on {start_date} to cover", field="case_id")
    await _require_colleague(session, allocation.worker_id, covering_worker_id, start_date)
    await _refuse_overlap(session, Cover.case_id == case.id, start_date, end_date)
    return await _start(session, allocation.worker_id, covering_worker_id, case.id, start_date, end_date, reason)


async def cover_worker(
    session: AsyncSession,
    worker: Worker,
    *,
    covering_worker_id: uuid.UUID,
    start_date: date,
    end_date: date | None,
    reason: str,
) -> Cover:
    """Cover for all the worker's cases, including any allocated to them while the cover lasts."""
    _check_period_and_reason(start_date, end_date, reason)
    await _require_colleague(session, worker.id, covering_worker_id, start_date)
    scope = sa.and_(Cover.worker_id == worker.id, Cover.case_id.is_(None))
    await _refuse_overlap(session, scope, start_date, end_date)
    return await _start(session, worker.id, covering_worker_id, None, start_date, end_date, reason)


async def end_cover(session: AsyncSession, cover: Cover, *, end_date: date) -> Cover:
    """Ends a cover by hand: on or before the end it was given, never before it started."""
    refuse_future(end_date, "end_date")
    if end_date < cover.start_date:
        raise Invalid(f"end_date is before the cover started ({cover.start_date})", field="end_date")
    if cover.end_date is not None and cover.end_date <= end_date:
        raise Conflict(f"the cover already ends on {cover.end_date}", field="cover_id")
    cover.end_date = end_date
    await session.flush()
    await outbox.stage(session, [CoverEnded(cover_id=cover.id, worker_id=cover.worker_id, end_date=end_date)])
    return cover


async def contact_on(session: AsyncSession, case: Case, day: date) -> Contact:
    """A cover of this one case comes before a cover of all the worker's cases; the latest start wins a tie."""
    allocation = await allocation_on(session, case.id, day)
    if allocation is None or allocation.worker_id is None:
        return Contact(allocation, None)
    query = (
        sa.select(Cover)
        .where(
            sa.or_(Cover.case_id == case.id, sa.and_(Cover.case_id.is_(None), Cover.worker_id == allocation.worker_id)),
            Cover.start_date <= day,
            sa.or_(Cover.end_date.is_(None), Cover.end_date >= day),
        )
        .order_by(Cover.case_id.is_(None), Cover.start_date.desc())
    )
    return Contact(allocation, (await session.scalars(query)).first())


async def allocation_on(session: AsyncSession, case_id: uuid.UUID, day: date) -> Allocation | None:
    query = sa.select(Allocation).where(Allocation.case_id == case_id, allocation_open_on(day))
    return (await session.scalars(query.order_by(Allocation.start_date.desc()))).first()


def _check_period_and_reason(start_date: date, end_date: date | None, reason: str) -> None:
    refuse_future(start_date, "start_date")
    if end_date is not None and end_date < start_date:
        raise Invalid("end_date is before start_date", field="end_date")
    if reason not in COVER_REASONS:
        raise Invalid(f"reason {reason!r} is not one of {', '.join(sorted(COVER_REASONS))}", field="reason")


async def _require_colleague(session: AsyncSession, worker_id: uuid.UUID, covering_id: uuid.UUID, day: date) -> None:
    if covering_id == worker_id:
        raise Invalid("a worker cannot cover themselves", field="covering_worker_id")
    if await session.get(Worker, covering_id) is None:
        raise Invalid(f"no worker {covering_id}", field="covering_worker_id")
    theirs = await membership_on(session, worker_id, day)
    if theirs is None:
        raise Invalid(f"worker {worker_id} is not in a pod on {day}", field="worker_id")
    colleague = await membership_on(session, covering_id, day)
    if colleague is None or colleague.pod_id != theirs.pod_id:
        raise Invalid(f"the covering worker is not in pod {theirs.pod_id} on {day}", field="covering_worker_id")
    if colleague.role == "business_support":
        raise Invalid("business support officers do not hold cases, so cannot cover them", field="covering_worker_id")


async def _refuse_overlap(
    session: AsyncSession, scope: sa.ColumnElement[bool], start_date: date, end_date: date | None
) -> None:
    query = sa.select(Cover.id).where(
        scope,
        sa.or_(Cover.end_date.is_(None), Cover.end_date >= start_date),
        *([Cover.start_date <= end_date] if end_date is not None else []),
    )
    if (existing := await session.scalar(query)) is not None:
        raise Conflict(f"cover {existing} already covers part of that period; end it first", field="start_date")


async def _start(
    session: AsyncSession,
    worker_id: uuid.UUID,
    covering_worker_id: uuid.UUID,
    case_id: uuid.UUID | None,
    start_date: date,
    end_date: date | None,
    reason: str,
) -> Cover:
    cover = Cover(
        id=uuid.uuid4(),
        worker_id=worker_id,
        covering_worker_id=covering_worker_id,
        case_id=case_id,
        start_date=start_date,
        end_date=end_date,
        reason=reason,
    )
    session.add(cover)
    await session.flush()
    event = CoverStarted(
        cover_id=cover.id,
        worker_id=worker_id,
        covering_worker_id=covering_worker_id,
        case_id=case_id,
        start_date=start_date,
        end_date=end_date,
        reason=reason,
    )
    await outbox.stage(session, [event])
    return cover
