"""Rebalancing plans: stored as proposed, each move priced in continuity, applied as ordinary transfers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from services.allocation.commands.allocations import child_history, current_allocation, transfer
from services.allocation.commands.refusals import refuse_future
from services.allocation.models import Case, RebalancingPlan
from services.allocation.rules.caseload import WorkerLoad
from services.allocation.rules.continuity import continuity_cost
from services.allocation.rules.receivers import Move
from shared.problems import Conflict, Invalid, Problem
from shared.runtime.unit_of_work import UnitOfWork
from shared.vocabulary import TransferReason

REASONS = {"leaver": TransferReason.LEFTRL, "recalibration": TransferReason.MANAGE}


async def store_plan(
    uow: UnitOfWork,
    *,
    kind: str,
    pod_id: uuid.UUID | None,
    worker_id: uuid.UUID | None,
    as_at: date,
    moves: Sequence[Move],
    approval_threshold: int,
    proposed_by: str,
    across_pods: bool = False,
    needs_decision: Sequence[dict[str, Any]] = (),
    before: Sequence[WorkerLoad] = (),
    after: Sequence[WorkerLoad] = (),
    unresolved: Sequence[dict[str, Any]] = (),
    trade_offs: Sequence[str] = (),
) -> RebalancingPlan:
    """Each move carries its continuity cost as at the plan's date, so the trade-offs are seen before approval."""
    priced = [{**asdict(move), "continuity": await _price(uow, move, as_at, approval_threshold)} for move in moves]
    plan = RebalancingPlan(
        id=uuid.uuid4(),
        kind=kind,
        pod_id=pod_id,
        worker_id=worker_id,
        state="proposed",
        plan={
            "as_at": as_at.isoformat(),
            "across_pods": across_pods,
            "moves": priced,
            "needs_decision": list(needs_decision),
            "before": [_load(load) for load in before],
            "after": [_load(load) for load in after],
            "unresolved": list(unresolved),
            "trade_offs": list(trade_offs),
            "applied": [],
        },
        proposed_by=proposed_by,
        proposed_at=datetime.now(UTC),
    )
    uow.session.add(plan)
    await uow.session.flush()
    return plan


async def apply_plan(
    uow: UnitOfWork,
    plan: RebalancingPlan,
    *,
    effective_date: date,
    overrides: Sequence[tuple[uuid.UUID, uuid.UUID]],
    decided_by: str,
    note: str,
) -> list[uuid.UUID]:
    """All the moves or none: a case that changed since the proposal makes the whole plan a conflict. Returns
    the children whose worker changed."""
    _require_proposed(plan)
    refuse_future(effective_date, "effective_date")
    proposed = {move["case_id"]: move for move in plan.plan["moves"]}
    undecided = {case["case_id"] for case in plan.plan["needs_decision"]}
    receivers = {case_id: move["to_worker_id"] for case_id, move in proposed.items()}
    fields = {case_id: f"moves.{case_id}" for case_id in proposed}
    for index, (case_id, to_worker_id) in enumerate(overrides):
        key = str(case_id)
        if key not in proposed and key not in undecided:
            raise Invalid(f"case {key} is not in this plan", field=f"overrides.{index}.case_id")
        receivers[key], fields[key] = str(to_worker_id), f"overrides.{index}"
    left = sorted(undecided - set(receivers))
    if left:
        raise Invalid(f"cases still need a receiver (give an override): {', '.join(left)}", field="overrides")
    applied = []
    children = []
    for key in sorted(receivers):
        holder = proposed[key]["from_worker_id"] if key in proposed else str(plan.worker_id)
        case = await uow.session.get(Case, uuid.UUID(key))
        current = await current_allocation(case) if case else None
        if case is None or current is None or str(current.worker_id) != holder:
            raise Conflict(f"case {key} has changed since the plan was proposed; propose a new plan", field="plan_id")
        try:
            allocation = await transfer(
                uow,
                case,
                to_worker_id=uuid.UUID(receivers[key]),
                effective_date=effective_date,
                reason=REASONS[plan.kind],
            )
        except Problem as refused:
            field = f"{fields[key]}.{refused.field}" if refused.field else fields[key]
            raise type(refused)(f"case {key}: {refused.detail}", field=field) from None
        children.append(case.child_id)
        applied.append({"case_id": key, "to_worker_id": receivers[key], "allocation_id": str(allocation.id)})
    _decide(plan, "applied", decided_by, note)
    plan.plan = {**plan.plan, "applied": applied, "effective_date": effective_date.isoformat()}
    await uow.session.flush()
    return sorted(children)


async def reject_plan(uow: UnitOfWork, plan: RebalancingPlan, *, decided_by: str, note: str) -> RebalancingPlan:
    _require_proposed(plan)
    _decide(plan, "rejected", decided_by, note)
    await uow.session.flush()
    return plan


async def _price(uow: UnitOfWork, move: Move, as_at: date, approval_threshold: int) -> dict[str, Any]:
    history = await child_history(uow, uuid.UUID(move.child_id))
    cost = continuity_cost(history, move.to_worker_id, move.to_pod_id, as_at, approval_threshold=approval_threshold)
    return asdict(cost)


def _load(load: WorkerLoad) -> dict[str, Any]:
    return {"worker_id": load.worker_id, "cases": load.cases, "points": load.points, "capacity": load.capacity}


def _decide(plan: RebalancingPlan, state: str, decided_by: str, note: str) -> None:
    plan.state, plan.decided_by, plan.decision_note = state, decided_by, note
    plan.decided_at = datetime.now(UTC)


def _require_proposed(plan: RebalancingPlan) -> None:
    if plan.state != "proposed":
        raise Conflict(f"the plan is already {plan.state}", field="plan_id")
