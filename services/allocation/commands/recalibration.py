"""Recalibration: a proposed rebalancing of a pod's caseloads (or every pod's, after a duty period)."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date

from services.allocation.commands.plans import store_plan
from services.allocation.models import Pod, RebalancingPlan
from services.allocation.queries.caseloads import case_loads, held_cases, holders, known_workers, worker_capacities
from services.allocation.rules.caseload import CaseloadPolicy, WorkerCapacity
from services.allocation.rules.recalibration import propose_rebalancing
from shared.problems import NotFound
from shared.runtime.unit_of_work import UnitOfWork


async def propose_recalibration(
    uow: UnitOfWork,
    pod_id: uuid.UUID,
    *,
    across_pods: bool,
    policy: CaseloadPolicy,
    approval_threshold: int,
    proposed_by: str,
) -> RebalancingPlan:
    if await uow.session.get(Pod, pod_id) is None:
        raise NotFound(f"no pod {pod_id}", field="pod_id")
    as_at = date.today()
    scope = None if across_pods else [pod_id]
    held = await held_cases(uow, as_at, policy, pod_ids=scope)
    workers = worker_capacities(await holders(uow, as_at, policy, pod_ids=scope))
    members = {worker.worker_id for worker in workers}
    # A case still held by someone no longer in the pod is theirs to hand over: they have no capacity here.
    strangers = {str(c.worker_id): str(c.pod_id) for c in held if str(c.worker_id) not in members}
    workers += [WorkerCapacity(worker_id, pod, 0.0) for worker_id, pod in sorted(strangers.items())]
    known = await known_workers(uow, {case.child_id for case in held})
    proposal = propose_rebalancing(workers, case_loads(held, known))
    return await store_plan(
        uow,
        kind="recalibration",
        pod_id=pod_id,
        worker_id=None,
        as_at=as_at,
        moves=proposal.moves,
        approval_threshold=approval_threshold,
        proposed_by=proposed_by,
        across_pods=across_pods,
        before=proposal.before,
        after=proposal.after,
        unresolved=[asdict(still) for still in proposal.unresolved],
        trade_offs=proposal.trade_offs,
    )
