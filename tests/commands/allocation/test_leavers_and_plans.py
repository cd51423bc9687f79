from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.allocation.commands import plans
from services.allocation.commands.allocations import current_allocation, transfer
from services.allocation.commands.leavers import leave
from services.allocation.models import Membership, RebalancingPlan, Worker
from services.allocation.rules.caseload import CaseloadPolicy
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.allocation.council import Council, events_of

TODAY = date.today()
POLICY = CaseloadPolicy()


async def leaving(uow: UnitOfWork, council: Council, worker: Worker, on: date = TODAY) -> RebalancingPlan | None:
    plan = await leave(
        uow,
        await council.membership(worker),
        end_date=on,
        policy=POLICY,
        approval_threshold=3,
        proposed_by="hr-system",
    )
    await uow.commit()
    return plan


async def test_a_leaver_gets_a_plan_for_every_case_and_keeps_them_until_it_is_applied(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    leaver, colleague = await council.worker(pod), await council.worker(pod)
    cases = [await council.allocated_case(leaver, pod) for _ in range(3)]

    plan = await leaving(uow, council, leaver)

    assert plan is not None
    assert (plan.kind, plan.state, plan.worker_id) == ("leaver", "proposed", leaver.id)
    assert sorted(move["case_id"] for move in plan.plan["moves"]) == sorted(str(case.id) for case in cases)
    assert {move["to_worker_id"] for move in plan.plan["moves"]} == {str(colleague.id)}
    assert all(move["continuity"]["nth_worker"] == "2nd" for move in plan.plan["moves"])
    for case in cases:
        assert (await current_allocation(case)).worker_id == leaver.id  # type: ignore[union-attr]
    assert len(await events_of(uow, "WorkerLeftPod")) == 1
    assert await events_of(uow, "CaseTransferred") == []


async def test_a_worker_with_a_later_membership_is_moving_pods_not_leaving(uow: UnitOfWork, council: Council) -> None:
    north, south = await council.pod(), await council.pod()
    mover = await council.worker(north)
    membership = await council.membership(mover)
    # Recorded by an HR feed before the overlap rule existed: the new (fixed-term) membership is already there.
    # Open-ended it could not be: the database holds one open membership per worker.
    uow.session.add(
        Membership(
            worker_id=mover.id,
            pod_id=south.id,
            role="social_worker",
            fte=1.0,
            start_date=TODAY,
            end_date=TODAY + timedelta(days=365),
        )
    )
    await uow.commit()

    plan = await leave(
        uow, membership, end_date=TODAY - timedelta(days=1), policy=POLICY, approval_threshold=3, proposed_by="hr"
    )

    assert plan is None


async def test_applying_a_leavers_plan_transfers_each_case_with_reason_leftrl(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    leaver, colleague = await council.worker(pod), await council.worker(pod)
    case = await council.allocated_case(leaver, pod)
    plan = await leaving(uow, council, leaver)
    assert plan is not None

    await plans.apply_plan(uow, plan, effective_date=TODAY, overrides=[], decided_by="pm", note="agreed")

    assert (await current_allocation(case)).worker_id == colleague.id  # type: ignore[union-attr]
    [moved] = await events_of(uow, "CaseTransferred")
    assert (moved["reason"], moved["to_worker_id"], moved["across_pods"]) == ("LEFTRL", str(colleague.id), False)
    assert (plan.state, plan.decided_by, plan.decision_note) == ("applied", "pm", "agreed")
    assert plan.plan["applied"][0]["case_id"] == str(case.id)


async def test_cases_nobody_has_room_for_need_an_override_before_the_plan_applies(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    leaver = await council.worker(pod)
    trainee = await council.worker(pod, "social_worker_in_training", fte=0.1)  # 0.8 points of room
    case = await council.allocated_case(leaver, pod, kind="CP")
    plan = await leaving(uow, council, leaver)
    assert plan is not None
    assert [c["case_id"] for c in plan.plan["needs_decision"]] == [str(case.id)]

    with pytest.raises(Invalid) as refused:
        await plans.apply_plan(uow, plan, effective_date=TODAY, overrides=[], decided_by="pm", note="")
    assert refused.value.field == "overrides"

    await plans.apply_plan(uow, plan, effective_date=TODAY, overrides=[(case.id, trainee.id)], decided_by="pm", note="")
    assert (await current_allocation(case)).worker_id == trainee.id  # type: ignore[union-attr]


async def test_an_override_for_a_case_outside_the_plan_names_the_override(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    leaver, colleague = await council.worker(pod), await council.worker(pod)
    await council.allocated_case(leaver, pod)
    stranger = await council.allocated_case(colleague, pod)
    plan = await leaving(uow, council, leaver)
    assert plan is not None

    with pytest.raises(Invalid) as refused:
        await plans.apply_plan(
            uow, plan, effective_date=TODAY, overrides=[(stranger.id, colleague.id)], decided_by="pm", note=""
        )
    assert refused.value.field == "overrides.0.case_id"


async def test_a_case_that_moved_since_the_proposal_makes_the_plan_a_conflict(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    leaver, other = await council.worker(pod), await council.worker(pod)
    await council.worker(pod)
    case = await council.allocated_case(leaver, pod)
    plan = await leaving(uow, council, leaver)
    assert plan is not None
    await transfer(uow, case, to_worker_id=other.id, effective_date=TODAY, reason="MANAGE")

    with pytest.raises(Conflict):
        await plans.apply_plan(uow, plan, effective_date=TODAY, overrides=[], decided_by="pm", note="")


async def test_a_decided_plan_cannot_be_decided_again(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    leaver = await council.worker(pod)
    await council.worker(pod)
    await council.allocated_case(leaver, pod)
    plan = await leaving(uow, council, leaver)
    assert plan is not None

    await plans.reject_plan(uow, plan, decided_by="pm", note="they are staying after all")

    with pytest.raises(Conflict):
        await plans.apply_plan(uow, plan, effective_date=TODAY, overrides=[], decided_by="pm", note="")
    assert plan.state == "rejected"


async def test_a_leavers_cases_go_to_another_pod_when_their_own_is_full(uow: UnitOfWork, council: Council) -> None:
    north, south = await council.pod(), await council.pod()
    leaver = await council.worker(north)
    elsewhere = await council.worker(south)
    await council.allocated_case(leaver, north)
    plan = await leaving(uow, council, leaver)
    assert plan is not None

    [move] = plan.plan["moves"]
    assert (move["to_worker_id"], move["crosses_pod"]) == (str(elsewhere.id), True)
    assert "first change of pod" in move["continuity"]["summary"]
    await plans.apply_plan(uow, plan, effective_date=TODAY, overrides=[], decided_by="hos", note="")
    [moved] = await events_of(uow, "CaseTransferred")
    assert (moved["across_pods"], moved["to_pod_id"]) == (True, str(south.id))
