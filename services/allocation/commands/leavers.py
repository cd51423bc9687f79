"""A worker leaving: their last membership ends and a reallocation plan is proposed for every case they hold.

The cases stay allocated to the leaver until a pod manager applies the plan; nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import sqlalchemy as sa

from services.allocation.commands.plans import store_plan
from services.allocation.commands.workers import end_membership
from services.allocation.models import Membership, RebalancingPlan
from services.allocation.queries.caseloads import case_loads, held_cases, holders, known_workers, worker_capacities
from services.allocation.rules.caseload import CaseloadPolicy, worker_loads
from services.allocation.rules.reallocation import Colleague, plan_reallocation
from shared.runtime.unit_of_work import UnitOfWork


async def leave(
    uow: UnitOfWork,
    membership: Membership,
    *,
    end_date: date,
    policy: CaseloadPolicy,
    approval_threshold: int,
    proposed_by: str,
) -> RebalancingPlan | None:
    """Ends the membership; returns the reallocation plan when the worker has no other membership after it."""
    await end_membership(uow, membership, end_date=end_date)
    if await _member_after(uow, membership, end_date):
        return None
    as_at = date.today()
    held = await held_cases(uow, as_at, policy)
    leaver = str(membership.worker_id)
    theirs = [case for case in held if case.worker_id == membership.worker_id]
    known = await known_workers(uow, {case.child_id for case in theirs})
    present = [w for w in worker_capacities(await holders(uow, as_at, policy)) if w.worker_id != leaver]
    pods = {w.worker_id: w.pod_id for w in present}
    before = worker_loads(present, [c for c in case_loads(held, {}) if c.worker_id in pods])
    colleagues = [
        Colleague(load.worker_id, pods[load.worker_id], load.capacity, load.points, load.cases) for load in before
    ]
    proposal = plan_reallocation(leaver, str(membership.pod_id), case_loads(theirs, known), colleagues)
    return await store_plan(
        uow,
        kind="leaver",
        pod_id=membership.pod_id,
        worker_id=membership.worker_id,
        as_at=as_at,
        moves=proposal.moves,
        approval_threshold=approval_threshold,
        proposed_by=proposed_by,
        needs_decision=[asdict(case) for case in proposal.needs_decision],
        before=before,
        after=proposal.after,
        trade_offs=proposal.trade_offs,
    )


async def _member_after(uow: UnitOfWork, membership: Membership, end_date: date) -> bool:
    query = sa.select(Membership.id).where(
        Membership.worker_id == membership.worker_id,
        Membership.id != membership.id,
        sa.or_(Membership.end_date.is_(None), Membership.end_date > end_date),
    )
    return await uow.session.scalar(query) is not None
