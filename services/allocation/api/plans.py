from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Response, status

from services.allocation.api.access import Manager, audit, require_pod_in_scope
from services.allocation.api.pods import load_pod
from services.allocation.api.schemas import Decision, PlanApply, PlanOut, RecalibrationIn
from services.allocation.commands import plans as commands
from services.allocation.commands.recalibration import propose_recalibration
from services.allocation.models import RebalancingPlan
from services.allocation.settings import Settings
from shared.auth import Principal
from shared.problems import Forbidden, NotFound
from shared.runtime.dependencies import SessionDep

router = APIRouter(tags=["recalibration and leavers"])


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


async def load_plan(session: SessionDep, principal: Principal, plan_id: uuid.UUID) -> RebalancingPlan:
    """A pod manager acts on their own pod's plans; a plan across pods is for a head of service."""
    plan = await session.get(RebalancingPlan, plan_id)
    if plan is None:
        raise NotFound(f"no rebalancing plan {plan_id}", field="plan_id")
    if plan.plan.get("across_pods") and not principal.service_wide:
        raise Forbidden("a plan across pods is for a head of service", field="plan_id")
    if plan.pod_id is not None:
        require_pod_in_scope(principal, plan.pod_id)
    return plan


@router.post(
    "/pods/{pod_id}/recalibration",
    status_code=status.HTTP_201_CREATED,
    response_model=PlanOut,
    responses={403: {"description": "Not your pod, or across pods without being a head of service"}},
)
async def recalibrate(
    pod_id: uuid.UUID,
    body: RecalibrationIn,
    session: SessionDep,
    principal: Manager,
    settings: Settings,
    response: Response,
) -> PlanOut:
    """Propose a rebalancing that brings workers within capacity, preferring the worker who already knows the
    family and moves inside the pod; each move shows its continuity cost. After a duty period a head of service
    can rebalance `across_pods`. Nothing changes until the plan is applied."""
    require_pod_in_scope(principal, pod_id)
    if body.across_pods and not principal.service_wide:
        raise Forbidden("recalibration across pods is for a head of service", field="across_pods")
    await load_pod(session, pod_id)
    plan = await propose_recalibration(
        session,
        pod_id,
        across_pods=body.across_pods,
        policy=settings.caseload_policy(),
        approval_threshold=settings.approval_threshold,
        proposed_by=principal.subject,
    )
    await session.commit()
    response.headers["Location"] = f"/allocation/v1/rebalancing-plans/{plan.id}"
    return plan_out(plan)


@router.get("/rebalancing-plans/{plan_id}", response_model=PlanOut)
async def get_plan(plan_id: uuid.UUID, session: SessionDep, principal: Manager) -> PlanOut:
    """A leaver's reallocation plan or a recalibration: its moves with their continuity cost, the cases that need
    a decision, loads before and after, and its state (proposed, applied or rejected)."""
    return plan_out(await load_plan(session, principal, plan_id))


@router.post(
    "/rebalancing-plans/{plan_id}/apply",
    response_model=PlanOut,
    responses={409: {"description": "Already decided, or a case changed since the plan was proposed"}},
)
async def apply_plan(plan_id: uuid.UUID, body: PlanApply, session: SessionDep, principal: Manager) -> PlanOut:
    """Apply the plan as ordinary transfers on the effective date (reason `LEFTRL` for a leaver's cases, `MANAGE`
    for recalibration). Cases the plan left to decide need an override naming their receiver; an override can
    also replace a proposed receiver. All moves happen, or none."""
    plan = await load_plan(session, principal, plan_id)
    await commands.apply_plan(
        session,
        plan,
        effective_date=body.effective_date,
        overrides=[(o.case_id, o.to_worker_id) for o in body.overrides],
        decided_by=principal.subject,
        note=body.note,
    )
    moved = {move["case_id"] for move in plan.plan["applied"]}
    cases = plan.plan["moves"] + plan.plan["needs_decision"]
    children = {uuid.UUID(case["child_id"]) for case in cases if case["case_id"] in moved}
    await audit(session, principal, "write", f"rebalancing-plan/{plan.id}/apply", *sorted(children))
    await session.commit()
    return plan_out(plan)


@router.post("/rebalancing-plans/{plan_id}/reject", response_model=PlanOut)
async def reject_plan(plan_id: uuid.UUID, body: Decision, session: SessionDep, principal: Manager) -> PlanOut:
    """Decline the plan; every case stays where it is."""
    plan = await load_plan(session, principal, plan_id)
    await commands.reject_plan(session, plan, decided_by=principal.subject, note=body.note)
    await session.commit()
    return plan_out(plan)
