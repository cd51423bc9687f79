from __future__ import annotations

from datetime import date

from services.allocation.commands import plans
from services.allocation.commands.allocations import current_allocation, transfer
from services.allocation.commands.recalibration import propose_recalibration
from services.allocation.rules.caseload import CaseloadPolicy
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.allocation.council import Council, events_of

TODAY = date.today()
POLICY = CaseloadPolicy()


async def test_an_overloaded_worker_is_relieved_preferring_the_colleague_who_knew_the_family(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    busy = await council.worker(pod, "social_worker_in_training")  # 8 points
    knew = await council.worker(pod)
    await council.worker(pod)  # a colleague with as much room, who has never met the family
    cases = [await council.allocated_case(busy, pod, since=date(2024, 1, 1), kind="CP") for _ in range(6)]
    await transfer(uow, cases[0], to_worker_id=knew.id, effective_date=date(2024, 2, 1), reason="MANAGE")
    await transfer(uow, cases[0], to_worker_id=busy.id, effective_date=date(2024, 3, 1), reason="MANAGE")
    await uow.commit()

    plan = await propose_recalibration(
        uow, pod.id, across_pods=False, policy=POLICY, approval_threshold=3, proposed_by="pm"
    )

    assert (plan.kind, plan.state) == ("recalibration", "proposed")
    [move] = plan.plan["moves"]  # 9 points on 8 of capacity: one case of 1.5 brings them within
    assert (move["case_id"], move["to_worker_id"], move["knows_family"]) == (str(cases[0].id), str(knew.id), True)
    assert move["continuity"]["summary"].startswith("this would be the child's 2nd social worker in 12 months")


async def test_applying_a_recalibration_makes_ordinary_transfers_with_reason_manage(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    busy = await council.worker(pod, "social_worker_in_training")
    roomy = await council.worker(pod)
    cases = [await council.allocated_case(busy, pod, kind="CLA") for _ in range(6)]
    plan = await propose_recalibration(
        uow, pod.id, across_pods=False, policy=POLICY, approval_threshold=3, proposed_by="pm"
    )

    await plans.apply_plan(uow, plan, effective_date=TODAY, overrides=[], decided_by="pm", note="")

    moved = await events_of(uow, "CaseTransferred")
    assert moved
    assert {event["reason"] for event in moved} == {"MANAGE"}
    holders = [(await current_allocation(case)).worker_id for case in cases]  # type: ignore[union-attr]
    assert holders.count(roomy.id) == len(moved)


async def test_within_capacity_nothing_moves(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    worker = await council.worker(pod)
    await council.allocated_case(worker, pod)

    plan = await propose_recalibration(
        uow, pod.id, across_pods=False, policy=POLICY, approval_threshold=3, proposed_by="pm"
    )

    assert plan.plan["moves"] == []
    assert plan.plan["unresolved"] == []
    assert plan.plan["before"] == plan.plan["after"]


async def test_across_pods_after_duty_a_full_pod_hands_cases_to_another(uow: UnitOfWork, council: Council) -> None:
    duty, quiet = await council.pod(), await council.pod()
    busy = await council.worker(duty, "social_worker_in_training")
    roomy = await council.worker(quiet)
    for _ in range(9):
        await council.allocated_case(busy, duty)

    alone = await propose_recalibration(
        uow, duty.id, across_pods=False, policy=POLICY, approval_threshold=3, proposed_by="hos"
    )
    across = await propose_recalibration(
        uow, duty.id, across_pods=True, policy=POLICY, approval_threshold=3, proposed_by="hos"
    )

    assert alone.plan["moves"] == []
    assert alone.plan["unresolved"][0]["worker_id"] == str(busy.id)
    assert across.plan["across_pods"] is True
    assert {(m["to_worker_id"], m["crosses_pod"]) for m in across.plan["moves"]} == {(str(roomy.id), True)}
    assert "change of pod" in across.plan["moves"][0]["continuity"]["summary"]
