"""Who covers whom on a day, and the rebalancing plans of a pod: what a pod board and a worker's home page list."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from services.allocation.models import Cover, Membership, RebalancingPlan
from services.allocation.queries.caseloads import membership_current_on
from shared.runtime.unit_of_work import UnitOfWork


async def covers_on(
    uow: UnitOfWork, day: date, *, pod_id: uuid.UUID | None, worker_id: uuid.UUID | None
) -> list[Cover]:
    """Covers active on the day where the covered or the covering worker is in the pod that day, or is the worker."""
    query = sa.select(Cover).where(Cover.start_date <= day, sa.or_(Cover.end_date.is_(None), Cover.end_date >= day))
    if pod_id is not None:
        members = sa.select(Membership.worker_id).where(Membership.pod_id == pod_id, membership_current_on(day))
        query = query.where(sa.or_(Cover.worker_id.in_(members), Cover.covering_worker_id.in_(members)))
    if worker_id is not None:
        query = query.where(sa.or_(Cover.worker_id == worker_id, Cover.covering_worker_id == worker_id))
    return list((await uow.session.scalars(query.order_by(Cover.start_date, Cover.id))).all())


async def plans_of(uow: UnitOfWork, pod_id: uuid.UUID | None, state: str | None, limit: int) -> list[RebalancingPlan]:
    """The most recently proposed first."""
    query = sa.select(RebalancingPlan)
    if pod_id is not None:
        query = query.where(RebalancingPlan.pod_id == pod_id)
    if state is not None:
        query = query.where(RebalancingPlan.state == state)
    query = query.order_by(RebalancingPlan.proposed_at.desc(), RebalancingPlan.id).limit(limit)
    return list((await uow.session.scalars(query)).all())
