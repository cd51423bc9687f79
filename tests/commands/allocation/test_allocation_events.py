"""What leaves through the outbox when cases are allocated, transferred, corrected and closed."""

from __future__ import annotations

from datetime import date

from services.allocation.commands import allocations, children, pods, unallocation, workers
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.allocation.council import Council, events, events_of


async def test_allocating_to_a_pod_then_a_worker_publishes_two_allocations(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    amy = await council.worker(pod)
    case = await council.case(referred=date(2024, 1, 8))

    await allocations.allocate(uow, case, pod_id=pod.id, worker_id=None, start_date=date(2024, 1, 8))
    await allocations.allocate(uow, case, pod_id=pod.id, worker_id=amy.id, start_date=date(2024, 1, 10))

    allocated = await events_of(uow, "CaseAllocated")
    assert [(e["pod_id"], e["worker_id"], e["start_date"]) for e in allocated] == [
        (str(pod.id), None, "2024-01-08"),
        (str(pod.id), str(amy.id), "2024-01-10"),
    ]


async def test_an_allocation_publishes_its_ssda903_reason(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    amy = await council.worker(pod)
    case = await council.case(referred=date(2024, 1, 8))

    allocation = await allocations.allocate(
        uow, case, pod_id=pod.id, worker_id=amy.id, start_date=date(2024, 1, 8), reason="LEFTRL"
    )

    [allocated] = await events_of(uow, "CaseAllocated")
    assert (allocated["reason"], allocation.start_reason) == ("LEFTRL", "LEFTRL")


async def test_choosing_the_worker_for_an_awaiting_case_ends_the_wait_as_a_published_fact(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    amy = await council.worker(pod)
    case = await council.case(referred=date(2024, 1, 8))
    awaiting = await allocations.allocate(uow, case, pod_id=pod.id, worker_id=None, start_date=date(2024, 1, 8))

    await allocations.allocate(uow, case, pod_id=pod.id, worker_id=amy.id, start_date=date(2024, 1, 10))

    [ended] = await events_of(uow, "AllocationEnded")
    assert (ended["allocation_id"], ended["end_date"], ended["reason"]) == (
        str(awaiting.id),
        "2024-01-10",
        "worker_allocated",
    )


async def test_taking_the_worker_off_a_case_is_a_fact_of_its_own_not_a_correction(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    amy = await council.worker(pod)
    case = await council.allocated_case(amy, pod, since=date(2024, 1, 8))
    amys = await allocations.current_allocation(case)
    assert amys is not None

    awaiting = await unallocation.unallocate(uow, case, amys, end_date=date(2024, 3, 1), reason="LEFTRL")

    assert [name for name, _ in await events(uow)][-1] == "CaseUnallocated"
    assert await events_of(uow, "AllocationCorrected") == []
    [unallocated] = await events_of(uow, "CaseUnallocated")
    assert unallocated == {
        "case_id": str(case.id),
        "child_id": str(case.child_id),
        "allocation_id": str(amys.id),
        "worker_id": str(amy.id),
        "pod_id": str(pod.id),
        "end_date": "2024-03-01",
        "reason": "LEFTRL",
        "awaiting_allocation_id": str(awaiting.id),
    }
    assert await allocations.current_allocation(case) is awaiting


async def test_a_change_of_employment_is_published_and_a_name_change_is_not(uow: UnitOfWork, council: Council) -> None:
    amy = await council.worker(await council.pod())

    await workers.update_worker(uow, amy, name="Amy Osei-Brown", employment=None)
    await workers.update_worker(
        uow, amy, name=None, employment="agency" if amy.employment == "employed" else "employed"
    )

    [changed] = await events_of(uow, "WorkerEmploymentChanged")
    assert changed == {"worker_id": str(amy.id), "employment": amy.employment}
    assert "Osei-Brown" not in str(await events(uow))


async def test_renaming_a_pod_is_published_so_consumers_show_the_new_name(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod("Pod 3 (North)")

    await pods.rename_pod(uow, pod, "Pod 3 (North)")
    await pods.rename_pod(uow, pod, "Pod 3 (North East)")

    assert await events_of(uow, "PodRenamed") == [{"pod_id": str(pod.id), "name": "Pod 3 (North East)"}]


async def test_a_transfer_across_pods_says_so_with_its_reason_and_effective_date(
    uow: UnitOfWork, council: Council
) -> None:
    north, south = await council.pod(), await council.pod()
    amy, ben = await council.worker(north), await council.worker(south)
    case = await council.allocated_case(amy, north)

    await allocations.transfer(uow, case, to_worker_id=ben.id, effective_date=date(2024, 3, 1), reason="TSPROC")

    [moved] = await events_of(uow, "CaseTransferred")
    assert {
        key: moved[key] for key in ("from_worker_id", "to_worker_id", "reason", "across_pods", "effective_date")
    } == {
        "from_worker_id": str(amy.id),
        "to_worker_id": str(ben.id),
        "reason": "TSPROC",
        "across_pods": True,
        "effective_date": "2024-03-01",
    }


async def test_closing_a_case_ends_its_allocation_and_statuses_before_the_case_closes(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    case = await council.allocated_case(await council.worker(pod), pod, kind="CLA")

    await children.close_case(uow, case, closed_on=date(2024, 6, 30), reason="RC4")

    names = [name for name, _ in await events(uow)]
    assert names[-3:] == ["AllocationEnded", "CaseStatusEnded", "CaseClosed"]
    assert (await events_of(uow, "CaseClosed"))[0]["reason"] == "RC4"


async def test_a_correction_is_a_published_fact_not_a_silent_edit(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    amy = await council.worker(pod)
    case = await council.allocated_case(amy, pod, since=date(2024, 2, 1))
    allocation = await allocations.current_allocation(case)
    assert allocation is not None

    await allocations.correct_allocation(
        uow,
        case,
        allocation,
        worker_id=amy.id,
        start_date=date(2024, 2, 8),
        end_date=None,
        entered_in_error=False,
        note="started a week later than recorded",
    )

    [corrected] = await events_of(uow, "AllocationCorrected")
    assert (corrected["start_date"], corrected["note"]) == ("2024-02-08", "started a week later than recorded")
