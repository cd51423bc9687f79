"""Reading records' own view of allocation's facts: a child's cases, who held them and when, their statuses, and
the pod a worker belonged to. Commands, queries and handlers all read it through here."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date

import sqlalchemy as sa

from services.records.models import (
    Holder,
    KnownAllocation,
    KnownCase,
    KnownChild,
    KnownCover,
    KnownMembership,
    KnownPod,
    KnownStatus,
)
from services.records.rules.holding import CaseFacts, HeldPeriod
from services.records.rules.visits import OpenStatus
from shared.runtime.unit_of_work import UnitOfWork


async def cases_of(uow: UnitOfWork, child_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, list[CaseFacts]]:
    query = sa.select(KnownCase).where(KnownCase.child_id.in_(child_ids))
    found: dict[uuid.UUID, list[CaseFacts]] = defaultdict(list)
    for case in (await uow.session.scalars(query)).all():
        if case.child_id is not None:
            found[case.child_id].append(CaseFacts(case.case_id, case.referral_date, case.closed_on))
    return found


async def periods_of(uow: UnitOfWork, child_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, list[HeldPeriod]]:
    query = sa.select(KnownAllocation).where(KnownAllocation.child_id.in_(child_ids))
    found: dict[uuid.UUID, list[HeldPeriod]] = defaultdict(list)
    for a in (await uow.session.scalars(query)).all():
        if a.child_id is not None:
            found[a.child_id].append(
                HeldPeriod(a.case_id, a.pod_id, a.worker_id, a.start, a.end, bool(a.entered_in_error))
            )
    return found


async def statuses_of(uow: UnitOfWork, child_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, list[OpenStatus]]:
    query = sa.select(KnownStatus).where(KnownStatus.child_id.in_(child_ids), KnownStatus.start.is_not(None))
    found: dict[uuid.UUID, list[OpenStatus]] = defaultdict(list)
    for s in (await uow.session.scalars(query)).all():
        if s.child_id is not None and s.kind is not None and s.start is not None:
            found[s.child_id].append(OpenStatus(s.kind, s.start, s.end))
    return found


async def children(uow: UnitOfWork, child_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, KnownChild]:
    ids = list(child_ids)
    if not ids:
        return {}
    query = sa.select(KnownChild).where(KnownChild.child_id.in_(ids))
    return {child.child_id: child for child in (await uow.session.scalars(query)).all()}


async def children_with_cases(
    uow: UnitOfWork, child_ids: Iterable[uuid.UUID]
) -> tuple[dict[uuid.UUID, KnownChild], dict[uuid.UUID, list[CaseFacts]]]:
    """The children records knows among these, and each one's cases, in one read (every entry written needs both)."""
    ids = list(child_ids)
    if not ids:
        return {}, {}
    query = (
        sa.select(KnownChild, KnownCase)
        .outerjoin(KnownCase, KnownCase.child_id == KnownChild.child_id)
        .where(KnownChild.child_id.in_(ids))
    )
    known: dict[uuid.UUID, KnownChild] = {}
    cases: dict[uuid.UUID, list[CaseFacts]] = defaultdict(list)
    for child, case in (await uow.session.execute(query)).tuples():
        known[child.child_id] = child
        if case is not None:
            cases[child.child_id].append(CaseFacts(case.case_id, case.referral_date, case.closed_on))
    return known, cases


async def family_of(uow: UnitOfWork, family_id: uuid.UUID) -> list[KnownChild]:
    query = sa.select(KnownChild).where(KnownChild.family_id == family_id).order_by(KnownChild.date_of_birth)
    return list((await uow.session.scalars(query)).all())


async def holders(uow: UnitOfWork, child_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, Holder]:
    query = sa.select(Holder).where(Holder.child_id.in_(child_ids))
    return {h.child_id: h for h in (await uow.session.scalars(query)).all()}


async def pod_of_worker(uow: UnitOfWork, worker_id: uuid.UUID | None, day: date) -> uuid.UUID | None:
    """The pod a worker belonged to on a day (the latest membership that had started), when records knows it."""
    if worker_id is None:
        return None
    query = (
        sa.select(KnownMembership.pod_id)
        .where(
            KnownMembership.worker_id == worker_id,
            KnownMembership.start <= day,
            sa.or_(KnownMembership.end.is_(None), KnownMembership.end >= day),
        )
        .order_by(KnownMembership.start.desc())
        .limit(1)
    )
    pod_id: uuid.UUID | None = await uow.session.scalar(query)
    return pod_id


async def pod_names(uow: UnitOfWork) -> dict[str, str]:
    rows = (await uow.session.execute(sa.select(KnownPod.pod_id, KnownPod.name))).all()
    return {str(pod_id): name for pod_id, name in rows if name}


async def covering(uow: UnitOfWork, worker_id: uuid.UUID, day: date) -> list[KnownCover]:
    """The covers a worker is doing on a day: of one case, or of all of a colleague's cases."""
    query = sa.select(KnownCover).where(KnownCover.covering_worker_id == worker_id, KnownCover.start <= day)
    return [cover for cover in (await uow.session.scalars(query)).all() if cover.open_on(day)]
