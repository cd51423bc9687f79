"""Who holds which cases on a date, how heavy each case is, and what each worker can carry."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from services.allocation.commands.allocations import membership_on
from services.allocation.models import Allocation, Case, Child, CourtProceedings, Membership, StatusPeriod
from services.allocation.queries import scope
from services.allocation.rules.caseload import (
    CaseLoad,
    CaseloadPolicy,
    Weighed,
    WorkerCapacity,
    capacity,
    case_points,
    sibling_group_points,
)
from shared.auth import Principal, Role
from shared.problems import Forbidden
from shared.runtime.unit_of_work import UnitOfWork
from shared.vocabulary import PodRole

# SQLite allows a few thousand bound parameters; PostgreSQL more. Chunks keep IN lists well inside both.
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class HeldCase:
    case_id: uuid.UUID
    child_id: uuid.UUID
    worker_id: uuid.UUID
    pod_id: uuid.UUID
    allocated_since: date
    status_kinds: tuple[str, ...]
    in_court: bool
    family_id: uuid.UUID
    points: float
    """Weighed with the worker's other cases of the same family (siblings)."""


@dataclass(frozen=True, slots=True)
class Holder:
    """A worker in a pod on the date, in a role, at an FTE, with the capacity that gives them."""

    worker_id: uuid.UUID
    pod_id: uuid.UUID
    role: PodRole
    fte: float
    capacity: float


def allocation_open_on(day: date) -> sa.ColumnElement[bool]:
    return sa.and_(
        Allocation.entered_in_error.is_(False),
        Allocation.start_date <= day,
        sa.or_(Allocation.end_date.is_(None), Allocation.end_date > day),
    )


def membership_current_on(day: date) -> sa.ColumnElement[bool]:
    return sa.and_(Membership.start_date <= day, sa.or_(Membership.end_date.is_(None), Membership.end_date >= day))


async def held_cases(
    uow: UnitOfWork,
    as_at: date,
    policy: CaseloadPolicy,
    *,
    worker_ids: Collection[uuid.UUID] | None = None,
    pod_ids: Collection[uuid.UUID] | None = None,
) -> list[HeldCase]:
    """Cases allocated to a worker on the date (not those awaiting one), with their open status kinds."""
    query = (
        sa.select(Allocation, Case.child_id, Child.family_id)
        .join(Case, Case.id == Allocation.case_id)
        .join(Child, Child.id == Case.child_id)
        .where(allocation_open_on(as_at), Allocation.worker_id.is_not(None))
        .order_by(Allocation.case_id)
    )
    if worker_ids is not None:
        query = query.where(Allocation.worker_id.in_(list(worker_ids)))
    if pod_ids is not None:
        query = query.where(Allocation.pod_id.in_(list(pod_ids)))
    rows = (await uow.session.execute(query)).all()
    case_ids = [allocation.case_id for allocation, _, _ in rows]
    open_kinds = await open_status_kinds(uow, case_ids, as_at)
    kinds = {case_id: tuple(sorted(open_kinds.get(case_id, ()))) for case_id in case_ids}
    in_court = await in_proceedings(uow, case_ids, as_at)
    weighed = sibling_group_points(
        [
            Weighed(
                str(a.case_id),
                str(a.worker_id),
                str(family_id),
                case_points(kinds[a.case_id], a.case_id in in_court, policy),
            )
            for a, _, family_id in rows
        ],
        policy,
    )
    held = []
    for allocation, child_id, family_id in rows:
        assert allocation.worker_id is not None
        held.append(
            HeldCase(
                case_id=allocation.case_id,
                child_id=child_id,
                worker_id=allocation.worker_id,
                pod_id=allocation.pod_id,
                allocated_since=allocation.start_date,
                status_kinds=kinds[allocation.case_id],
                in_court=allocation.case_id in in_court,
                family_id=family_id,
                points=weighed[str(allocation.case_id)],
            )
        )
    return held


async def in_proceedings(uow: UnitOfWork, case_ids: list[uuid.UUID], day: date) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for chunk in _chunks(case_ids):
        query = sa.select(CourtProceedings.case_id).where(
            CourtProceedings.case_id.in_(chunk),
            CourtProceedings.start_date <= day,
            sa.or_(CourtProceedings.end_date.is_(None), CourtProceedings.end_date > day),
        )
        found.update((await uow.session.scalars(query)).all())
    return found


async def open_status_kinds(uow: UnitOfWork, case_ids: list[uuid.UUID], day: date) -> dict[uuid.UUID, set[str]]:
    kinds: dict[uuid.UUID, set[str]] = {}
    for chunk in _chunks(case_ids):
        query = sa.select(StatusPeriod.case_id, StatusPeriod.kind).where(
            StatusPeriod.case_id.in_(chunk),
            StatusPeriod.start_date <= day,
            sa.or_(StatusPeriod.end_date.is_(None), StatusPeriod.end_date > day),
        )
        for case_id, kind in (await uow.session.execute(query)).all():
            kinds.setdefault(case_id, set()).add(kind)
    return kinds


async def holders(
    uow: UnitOfWork, as_at: date, policy: CaseloadPolicy, *, pod_ids: Collection[uuid.UUID] | None = None
) -> list[Holder]:
    query = sa.select(Membership).where(membership_current_on(as_at)).order_by(Membership.worker_id)
    if pod_ids is not None:
        query = query.where(Membership.pod_id.in_(list(pod_ids)))
    found = []
    for membership in (await uow.session.scalars(query)).all():
        role = PodRole(membership.role)
        found.append(
            Holder(
                membership.worker_id,
                membership.pod_id,
                role,
                membership.fte,
                capacity(role, membership.fte, policy),
            )
        )
    return found


async def known_workers(uow: UnitOfWork, child_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, frozenset[str]]:
    """Every worker who has held each child, across all the child's cases."""
    known: dict[uuid.UUID, set[str]] = {}
    for chunk in _chunks(list(set(child_ids))):
        query = (
            sa.select(Case.child_id, Allocation.worker_id)
            .join(Allocation, Allocation.case_id == Case.id)
            .where(Case.child_id.in_(chunk), Allocation.worker_id.is_not(None), Allocation.entered_in_error.is_(False))
        )
        for child_id, worker_id in (await uow.session.execute(query)).all():
            known.setdefault(child_id, set()).add(str(worker_id))
    return {child_id: frozenset(workers) for child_id, workers in known.items()}


def case_loads(held: Iterable[HeldCase], known: dict[uuid.UUID, frozenset[str]]) -> list[CaseLoad]:
    return [
        CaseLoad(
            case_id=str(case.case_id),
            child_id=str(case.child_id),
            worker_id=str(case.worker_id),
            pod_id=str(case.pod_id),
            points=case.points,
            known_worker_ids=known.get(case.child_id, frozenset()),
            family_id=str(case.family_id),
        )
        for case in held
    ]


def worker_capacities(found: Iterable[Holder]) -> list[WorkerCapacity]:
    return [WorkerCapacity(str(h.worker_id), str(h.pod_id), h.capacity) for h in found]


def _chunks(ids: list[uuid.UUID]) -> Iterable[list[uuid.UUID]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


@dataclass(frozen=True, slots=True)
class WorkerCaseload:
    """One worker's caseload on a day: the cases held, the children behind them, and the room the role gives."""

    worker_id: uuid.UUID
    as_at: date
    membership: Membership | None
    cases: list[HeldCase]
    children: dict[uuid.UUID, Child]
    points: float
    capacity: float


async def worker_caseload(
    uow: UnitOfWork, principal: Principal, worker_id: uuid.UUID, day: date, policy: CaseloadPolicy
) -> WorkerCaseload:
    """Workers read their own caseload (self-service), pod managers their pod's workers', heads of service
    everyone's; every child shown is audited."""
    worker = await scope.worker(uow, worker_id)
    if principal.worker_id != worker_id:
        if not principal.has_any({Role.pod_manager, Role.head_of_service, Role.system}):
            raise Forbidden("you can read your own caseload; pod managers read their pod's", field="worker_id")
        await scope.require_worker_in_scope(uow, principal, worker_id, day)
    held = await held_cases(uow, day, policy, worker_ids=[worker.id])
    query = sa.select(Child).where(Child.id.in_([case.child_id for case in held]))
    children = {child.id: child for child in await uow.session.scalars(query)}
    membership = await membership_on(uow, worker.id, day)
    room = capacity(PodRole(membership.role), membership.fte, policy) if membership else 0.0
    uow.audit(principal, "read", f"worker/{worker.id}/caseload", *children)
    return WorkerCaseload(worker.id, day, membership, held, children, round(sum(case.points for case in held), 4), room)
