"""Questions put to the service's own view of allocation: who is in which pod on a day, which pod holds a child."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from services.supervision.models import Allocation, Case, Child, Membership
from services.supervision.rules.agenda import Span
from shared.runtime.unit_of_work import UnitOfWork


def _open_on(day: date) -> sa.ColumnElement[bool]:
    return sa.and_(
        Allocation.start_date <= day,
        sa.or_(Allocation.end_date.is_(None), Allocation.end_date > day),
        sa.not_(sa.func.coalesce(Allocation.entered_in_error, False)),
    )


async def memberships_on(uow: UnitOfWork, worker_ids: Iterable[uuid.UUID], day: date) -> dict[uuid.UUID, Membership]:
    """Each worker's membership current on the day (the latest begun, if periods overlap); absent workers had none."""
    ids = set(worker_ids)
    if not ids:
        return {}
    query = sa.select(Membership).where(
        Membership.worker_id.in_(ids),
        sa.or_(Membership.start_date.is_(None), Membership.start_date <= day),
        sa.or_(Membership.end_date.is_(None), Membership.end_date >= day),
    )
    found: dict[uuid.UUID, Membership] = {}
    for membership in (await uow.session.scalars(query)).all():
        held = found.get(membership.worker_id)
        if held is None or (membership.start_date or date.min) > (held.start_date or date.min):
            found[membership.worker_id] = membership
    return found


async def known_workers(uow: UnitOfWork, worker_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """The workers allocation has told us of (any membership, past or present)."""
    ids = set(worker_ids)
    if not ids:
        return set()
    query = sa.select(Membership.worker_id).where(Membership.worker_id.in_(ids)).distinct()
    return set((await uow.session.scalars(query)).all())


@dataclass(frozen=True, slots=True)
class HeldChild:
    """A child whose case a pod holds on a day, and the worker holding it for the pod (None while awaiting one)."""

    child_id: uuid.UUID
    case_id: uuid.UUID
    worker_id: uuid.UUID | None
    family_id: uuid.UUID | None
    la_child_id: str | None = None


async def held_children(
    uow: UnitOfWork, pod_id: uuid.UUID, child_ids: Sequence[uuid.UUID], day: date
) -> dict[uuid.UUID, HeldChild]:
    """Of these children, those the pod holds on the day."""
    query = (
        sa.select(Allocation.child_id, Allocation.case_id, Allocation.worker_id, Child.family_id)
        .outerjoin(Child, Child.child_id == Allocation.child_id)
        .where(Allocation.child_id.in_(set(child_ids)), Allocation.pod_id == pod_id, _open_on(day))
    )
    rows = (await uow.session.execute(query)).all()
    return {row.child_id: HeldChild(row.child_id, row.case_id, row.worker_id, row.family_id) for row in rows}


async def pod_holding(uow: UnitOfWork, pod_id: uuid.UUID, day: date) -> list[HeldChild]:
    """Every child whose case the pod holds on the day."""
    query = (
        sa.select(Allocation.child_id, Allocation.case_id, Allocation.worker_id, Child.family_id, Child.la_child_id)
        .outerjoin(Child, Child.child_id == Allocation.child_id)
        .where(Allocation.pod_id == pod_id, _open_on(day))
        .order_by(Allocation.child_id)
    )
    rows = (await uow.session.execute(query)).all()
    return [HeldChild(r.child_id, r.case_id, r.worker_id, r.family_id, r.la_child_id) for r in rows]


async def child_pod(uow: UnitOfWork, child_id: uuid.UUID) -> uuid.UUID | None:
    """The pod that holds the child's case now, else the pod that held one of the child's cases last (a closed case
    stays with its last pod); None for a child no pod has held."""
    query = (
        sa.select(Allocation.pod_id)
        .where(
            Allocation.child_id == child_id,
            sa.not_(sa.func.coalesce(Allocation.entered_in_error, False)),
            Allocation.pod_id.is_not(None),
        )
        .order_by(Allocation.end_date.is_(None).desc(), Allocation.start_date.desc())
        .limit(1)
    )
    pod: uuid.UUID | None = (await uow.session.scalars(query)).first()
    return pod


async def child_known(uow: UnitOfWork, child_id: uuid.UUID) -> bool:
    child = await uow.session.get(Child, child_id)
    if child is not None:
        return True
    return (
        await uow.session.scalars(sa.select(Case.case_id).where(Case.child_id == child_id).limit(1))
    ).first() is not None


async def case_spans(uow: UnitOfWork, case_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Span]]:
    """Every allocation period of these cases (not those entered in error), oldest first."""
    ids = set(case_ids)
    if not ids:
        return {}
    query = (
        sa.select(
            Allocation.case_id, Allocation.pod_id, Allocation.worker_id, Allocation.start_date, Allocation.end_date
        )
        .where(
            Allocation.case_id.in_(ids),
            Allocation.start_date.is_not(None),
            sa.not_(sa.func.coalesce(Allocation.entered_in_error, False)),
        )
        .order_by(Allocation.case_id, Allocation.start_date)
    )
    spans: dict[uuid.UUID, list[Span]] = {}
    for row in (await uow.session.execute(query)).all():
        spans.setdefault(row.case_id, []).append(Span(row.pod_id, row.worker_id, row.start_date, row.end_date))
    return spans
