"""Cover: a pod colleague covers one case, or all of a worker's cases, for a period. It is not a transfer:
the allocated worker does not change and continuity measures do not count it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from services.allocation.commands.allocations import load_worker, membership_on
from services.allocation.commands.refusals import refuse_future
from services.allocation.models import Allocation, Case, Cover, Worker
from services.allocation.rules.membership import held_until, member_throughout
from shared.events.allocation import CoverEnded, CoverStarted
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork

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
    uow: UnitOfWork,
    case: Case,
    *,
    covering_worker_id: uuid.UUID,
    start_date: date,
    end_date: date | None,
    reason: str,
) -> Cover:
    _check_period_and_reason(start_date, end_date, reason)
    allocation = await allocation_on(case, start_date)
    if allocation is None or allocation.worker_id is None:
        raise Conflict(f"the case has no allocated worker on {start_date} to cover", field="case_id")
    await _require_colleague(uow, allocation.worker_id, covering_worker_id, start_date, end_date)
    covers: list[Cover] = await case.awaitable_attrs.covers
    _refuse_overlap(covers, start_date, end_date)
    cover = _cover(allocation.worker_id, covering_worker_id, case.id, start_date, end_date, reason)
    covers.append(cover)
    case.record_change()
    await _publish(uow, cover)
    return cover


async def cover_worker(
    uow: UnitOfWork,
    worker: Worker,
    *,
    covering_worker_id: uuid.UUID,
    start_date: date,
    end_date: date | None,
    reason: str,
) -> Cover:
    """Cover for all the worker's cases, including any allocated to them while the cover lasts."""
    _check_period_and_reason(start_date, end_date, reason)
    await _require_colleague(uow, worker.id, covering_worker_id, start_date, end_date)
    covers: list[Cover] = await worker.awaitable_attrs.covers
    _refuse_overlap([c for c in covers if c.case_id is None], start_date, end_date)
    cover = _cover(worker.id, covering_worker_id, None, start_date, end_date, reason)
    covers.append(cover)
    await _publish(uow, cover)
    return cover


async def end_cover(uow: UnitOfWork, cover: Cover, *, end_date: date) -> Cover:
    """Ends a cover by hand: on or before the end it was given, never before it started."""
    refuse_future(end_date, "end_date")
    if end_date < cover.start_date:
        raise Invalid(f"end_date is before the cover started ({cover.start_date})", field="end_date")
    if cover.end_date is not None and cover.end_date <= end_date:
        raise Conflict(f"the cover already ends on {cover.end_date}", field="cover_id")
    cover.end_date = end_date
    uow.publish(CoverEnded(cover_id=cover.id, worker_id=cover.worker_id, end_date=end_date))
    return cover


async def contact_on(uow: UnitOfWork, case: Case, day: date) -> Contact:
    """A cover of this one case comes before a cover of all the worker's cases; the latest start wins a tie."""
    allocation = await allocation_on(case, day)
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
    for cover in (await uow.session.scalars(query)).all():
        # A colleague who has left since the cover was arranged is no one to call.
        if await membership_on(uow, cover.covering_worker_id, day) is not None:
            return Contact(allocation, cover)
    return Contact(allocation, None)


async def allocation_on(case: Case, day: date) -> Allocation | None:
    allocations: list[Allocation] = await case.awaitable_attrs.allocations
    return max((a for a in allocations if a.open_on(day)), key=lambda a: a.start_date, default=None)


def _check_period_and_reason(start_date: date, end_date: date | None, reason: str) -> None:
    refuse_future(start_date, "start_date")
    if end_date is not None and end_date < start_date:
        raise Invalid("end_date is before start_date", field="end_date")
    if reason not in COVER_REASONS:
        raise Invalid(f"reason {reason!r} is not one of {', '.join(sorted(COVER_REASONS))}", field="reason")


async def _require_colleague(
    uow: UnitOfWork, worker_id: uuid.UUID, covering_id: uuid.UUID, day: date, end_date: date | None
) -> None:
    """The colleague is in the covered worker's pod from the first day covered to the last (to today for a cover
    open until ended by hand): a cover never points the family at someone who has left."""
    if covering_id == worker_id:
        raise Invalid("a worker cannot cover themselves", field="covering_worker_id")
    colleague_worker = await load_worker(uow, covering_id)
    if colleague_worker is None:
        raise Invalid(f"no worker {covering_id}", field="covering_worker_id")
    theirs = await membership_on(uow, worker_id, day)
    if theirs is None:
        raise Invalid(f"worker {worker_id} is not in a pod on {day}", field="worker_id")
    colleague = await membership_on(uow, covering_id, day)
    if colleague is None or colleague.pod_id != theirs.pod_id:
        raise Invalid(f"the covering worker is not in pod {theirs.pod_id} on {day}", field="covering_worker_id")
    if colleague.role == "business_support":
        raise Invalid("business support officers do not hold cases, so cannot cover them", field="covering_worker_id")
    last = held_until(day, end_date, date.today())
    if not member_throughout(await colleague_worker.awaitable_attrs.memberships, theirs.pod_id, day, last):
        until = "today" if end_date is None else str(end_date)
        raise Invalid(
            f"the covering worker leaves pod {theirs.pod_id} before the cover ends ({until})",
            field="covering_worker_id",
        )


def _refuse_overlap(covers: list[Cover], start_date: date, end_date: date | None) -> None:
    for existing in covers:
        if (existing.end_date is None or existing.end_date >= start_date) and (
            end_date is None or existing.start_date <= end_date
        ):
            raise Conflict(f"cover {existing.id} already covers part of that period; end it first", field="start_date")


def _cover(
    worker_id: uuid.UUID,
    covering_worker_id: uuid.UUID,
    case_id: uuid.UUID | None,
    start_date: date,
    end_date: date | None,
    reason: str,
) -> Cover:
    return Cover(
        id=uuid.uuid4(),
        worker_id=worker_id,
        covering_worker_id=covering_worker_id,
        case_id=case_id,
        start_date=start_date,
        end_date=end_date,
        reason=reason,
    )


async def _publish(uow: UnitOfWork, cover: Cover) -> None:
    event = CoverStarted(
        cover_id=cover.id,
        worker_id=cover.worker_id,
        covering_worker_id=cover.covering_worker_id,
        case_id=cover.case_id,
        start_date=cover.start_date,
        end_date=cover.end_date,
        reason=cover.reason,
    )
    uow.publish(event)
