"""Children, their cases and the periods recorded on a case, as the API lists them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date

import sqlalchemy as sa

from services.allocation.commands.allocations import membership_on
from services.allocation.commands.covers import Contact, contact_on
from services.allocation.models import Allocation, Case, Child, CourtProceedings, StatusPeriod, Worker
from shared.auth import Principal
from shared.runtime.http import page_of
from shared.runtime.unit_of_work import UnitOfWork


async def children(
    uow: UnitOfWork,
    principal: Principal,
    limit: int,
    cursor: uuid.UUID | None,
    la_child_id: str | None,
    family_id: uuid.UUID | None,
    pod_id: uuid.UUID | None = None,
) -> tuple[list[Child], str | None]:
    """Children the caller may see: their pods' children (heads of service and council systems: all); audited.
    `pod_id`: only the children a pod holds today (an open allocation there)."""
    query = sa.select(Child).order_by(Child.id).limit(limit + 1)
    if cursor is not None:
        query = query.where(Child.id > cursor)
    if la_child_id is not None:
        query = query.where(Child.la_child_id == la_child_id)
    if family_id is not None:
        query = query.where(Child.family_id == family_id)
    if pod_id is not None:
        query = query.where(Child.id.in_(_held_by([pod_id])))
    if not principal.service_wide:
        query = query.where(Child.id.in_(_held_by(principal.pods)))
    page, next_cursor = page_of((await uow.session.scalars(query)).all(), limit, lambda child: child.id)
    uow.audit(principal, "read", "children", *(child.id for child in page))
    return page, next_cursor


def _held_by(pods: Iterable[uuid.UUID]) -> sa.Select[uuid.UUID]:
    """The children whose case is allocated in one of these pods now."""
    return (
        sa.select(Case.child_id)
        .join(Allocation, Allocation.case_id == Case.id)
        .where(
            Allocation.end_date.is_(None),
            Allocation.entered_in_error.is_(False),
            Allocation.pod_id.in_(list(pods)),
        )
    )


async def cases_of(uow: UnitOfWork, child: Child) -> list[Case]:
    query = sa.select(Case).where(Case.child_id == child.id).order_by(Case.referral_date)
    return list((await uow.session.scalars(query)).all())


async def statuses(uow: UnitOfWork, case: Case) -> Sequence[StatusPeriod]:
    query = sa.select(StatusPeriod).where(StatusPeriod.case_id == case.id).order_by(StatusPeriod.start_date)
    return (await uow.session.scalars(query)).all()


async def allocations(uow: UnitOfWork, case: Case) -> Sequence[Allocation]:
    query = sa.select(Allocation).where(Allocation.case_id == case.id).order_by(Allocation.start_date)
    return (await uow.session.scalars(query)).all()


async def court_proceedings(uow: UnitOfWork, case: Case) -> Sequence[CourtProceedings]:
    query = sa.select(CourtProceedings).where(CourtProceedings.case_id == case.id)
    return (await uow.session.scalars(query.order_by(CourtProceedings.start_date))).all()


async def contact(uow: UnitOfWork, case: Case, day: date) -> tuple[Contact, Worker | None, Worker | None]:
    """Who to call on the day: the allocated worker and, under cover, the colleague covering for them; nobody
    (call the pod) when the allocated worker has left."""
    found = await contact_on(uow, case, day)
    allocated = found.allocation.worker_id if found.allocation else None
    reachable = found.worker_id
    if found.cover is None and reachable is not None and await membership_on(uow, reachable, day) is None:
        reachable = None  # a leaver whose cases wait for their reallocation plan: the family calls the pod
    return found, await _worker(uow, allocated), await _worker(uow, reachable)


async def _worker(uow: UnitOfWork, worker_id: uuid.UUID | None) -> Worker | None:
    return await uow.session.get(Worker, worker_id) if worker_id else None
