from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query, Response, status

from services.allocation.api.callers import Manager
from services.allocation.api.schemas import Decision, PlanApply, PlanOut, RecalibrationIn
from services.allocation.commands import plans as commands
from services.allocation.commands.recalibration import propose_recalibration
from services.allocation.models import RebalancingPlan
from services.allocation.queries import rota, scope
from services.allocation.settings import Settings
from shared.problems import Forbidden, Invalid
from shared.runtime.http import UnitOfWorkDep, service_router

router = service_router(tags=["recalibration and leavers"])


def plan_out(plan: RebalancingPlan) -> PlanOut:
    body: dict[str, Any] = plan.plan
    return PlanOut.model_validate(
        {
            "id": plan.id,
            "kind": plan.kind,
            "state": plan.state,
            "pod_id": plan.pod_id,
            "worker_id": plan.worker_id,
            "across_pods": body.get("across_pods", False),
            "as_at": date.fromisoformat(body["as_at"]),
            "proposed_by": plan.proposed_by,
            "proposed_at": plan.proposed_at,
            "decided_by": plan.decided_by,
            "decided_at": plan.decided_at,
            "decision_note": plan.decision_note,
            **{part: body.get(part, []) for part in _PARTS},
        }
    )


_PARTS = ("moves", "needs_decision", "before", "after", "unresolved", "trade_offs", "applied")


@router.post(
    "/pods/{pod_id}/recalibration",
    status_code=status.HTTP_201_CREATED,
    response_model=PlanOut,
    responses={403: {"description": "Not your pod, or across pods without being a head of service"}},
)
async def recalibrate(
    pod_id: uuid.UUID,
    body: RecalibrationIn,
    uow: UnitOfWorkDep,
    principal: Manager,
    settings: Settings,
    response: Response,
) -> PlanOut:
    """Propose a rebalancing that brings workers within capacity, preferring the worker who already knows the
    family and moves inside the pod; each move shows its continuity cost. After a duty period a head of service
    can rebalance `across_pods`. Nothing changes until the plan is applied."""
    scope.require_pod_in_scope(principal, pod_id)
    if body.across_pods and not principal.service_wide:
        raise Forbidden("recalibration across pods is for a head of service", field="across_pods")
    plan = await propose_recalibration(
        uow,
        pod_id,
        across_pods=body.across_pods,
        policy=settings.caseload_policy(),
        approval_threshold=settings.approval_threshold,
        proposed_by=principal.subject,
    )
    response.headers["Location"] = f"/allocation/v1/rebalancing-plans/{plan.id}"
    return plan_out(plan)


@router.get("/rebalancing-plans", response_model=list[PlanOut])
async def list_plans(
    uow: UnitOfWorkDep,
    principal: Manager,
    pod_id: Annotated[uuid.UUID | None, Query(description="Required but for a head of service")] = None,
    state: Annotated[Literal["proposed", "applied", "rejected"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[PlanOut]:
    """A pod's leavers' reallocation plans and recalibrations, the most recently proposed first, e.g. those still
    `proposed` for the pod manager to decide."""
    if pod_id is None and not principal.service_wide:
        raise Invalid("give the pod_id of one of your pods", field="pod_id")
    if pod_id is not None:
        scope.require_pod_in_scope(principal, pod_id)
    plans = await rota.plans_of(uow, pod_id, state, limit)
    children = {move["child_id"] for plan in plans for move in plan.plan.get("moves", [])}
    uow.audit(principal, "read", "rebalancing-plans", *sorted(uuid.UUID(child) for child in children))
    return [plan_out(plan) for plan in plans]


@router.get("/rebalancing-plans/{plan_id}", response_model=PlanOut)
async def get_plan(plan_id: uuid.UUID, uow: UnitOfWorkDep, principal: Manager) -> PlanOut:
    """A leaver's reallocation plan or a recalibration: its moves with their continuity cost, the cases that need
    a decision, loads before and after, and its state (proposed, applied or rejected)."""
    return plan_out(await scope.plan(uow, principal, plan_id))


@router.post(
    "/rebalancing-plans/{plan_id}/apply",
    response_model=PlanOut,
    responses={409: {"description": "Already decided, or a case changed since the plan was proposed"}},
)
async def apply_plan(plan_id: uuid.UUID, body: PlanApply, uow: UnitOfWorkDep, principal: Manager) -> PlanOut:
    """Apply the plan as ordinary transfers on the effective date (reason `LEFTRL` for a leaver's cases, `MANAGE`
    for recalibration). Cases the plan left to decide need an override naming their receiver; an override can
    also replace a proposed receiver. All moves happen, or none."""
    plan = await scope.plan(uow, principal, plan_id)
    children = await commands.apply_plan(
        uow,
        plan,
        effective_date=body.effective_date,
        overrides=[(o.case_id, o.to_worker_id) for o in body.overrides],
        decided_by=principal.subject,
        note=body.note,
    )
    uow.audit(principal, "write", f"rebalancing-plan/{plan.id}/apply", *children)
    return plan_out(plan)


@router.post("/rebalancing-plans/{plan_id}/reject", response_model=PlanOut)
async def reject_plan(plan_id: uuid.UUID, body: Decision, uow: UnitOfWorkDep, principal: Manager) -> PlanOut:
    """Decline the plan; every case stays where it is."""
    plan = await scope.plan(uow, principal, plan_id)
    return plan_out(await commands.reject_plan(uow, plan, decided_by=principal.subject, note=body.note))
