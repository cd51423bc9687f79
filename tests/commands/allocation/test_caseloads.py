from __future__ import annotations

from datetime import date

from services.allocation.commands import allocations, children
from services.allocation.queries.caseloads import held_cases, holders
from services.allocation.rules.caseload import CaseloadPolicy
from shared.runtime.unit_of_work import UnitOfWork
from shared.vocabulary import PodRole
from tests.commands.allocation.council import Council

POLICY = CaseloadPolicy()


async def test_a_caseload_as_at_a_date_counts_the_cases_held_that_day_with_their_weights(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    amy, ben = await council.worker(pod), await council.worker(pod)
    in_care = await council.allocated_case(amy, pod, since=date(2024, 1, 1), kind="CLA")
    in_need = await council.allocated_case(amy, pod, since=date(2024, 1, 1))
    await allocations.transfer(uow, in_need, to_worker_id=ben.id, effective_date=date(2024, 6, 1), reason="MANAGE")

    before = await held_cases(uow, date(2024, 5, 31), POLICY, worker_ids=[amy.id])
    after = await held_cases(uow, date(2024, 6, 1), POLICY, worker_ids=[amy.id])

    assert sorted((c.case_id, c.status_kinds, c.points) for c in before) == sorted(
        [(in_care.id, ("CLA",), 1.5), (in_need.id, ("CIN",), 1.0)]
    )
    assert [c.case_id for c in after] == [in_care.id]


async def test_a_case_counts_at_its_heaviest_open_status_not_the_sum(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    amy = await council.worker(pod)
    case = await council.allocated_case(amy, pod, since=date(2024, 1, 1), kind="CLA")
    await children.start_status(uow, case, kind="CP", start_date=date(2024, 2, 1), cp_category="EMO", legal_status=None)
    heavier = CaseloadPolicy(weights={"CIN": 1.0, "CP": 2.5, "CLA": 1.5, "default": 1.0})

    [held] = await held_cases(uow, date(2024, 3, 1), heavier, worker_ids=[amy.id])

    assert (held.status_kinds, held.points) == (("CLA", "CP"), 2.5)


async def test_capacity_scales_with_fte_and_role_and_a_trainees_is_protected(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    await council.worker(pod, fte=0.5)
    await council.worker(pod, "social_worker_in_training")

    found = await holders(uow, date.today(), POLICY, pod_ids=[pod.id])

    assert sorted((h.role, h.capacity) for h in found) == [
        (PodRole.SOCIAL_WORKER, 9.0),
        (PodRole.SOCIAL_WORKER_IN_TRAINING, 8.0),
    ]
