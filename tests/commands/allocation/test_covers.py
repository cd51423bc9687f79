from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.allocation.commands import allocations, covers
from shared.problems import Conflict
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.allocation.council import Council, events_of

TODAY = date.today()


async def test_a_case_cover_changes_who_to_call_but_never_the_allocated_worker(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    amy, ben = await council.worker(pod), await council.worker(pod)
    case = await council.allocated_case(amy, pod)

    cover = await covers.cover_case(
        uow, case, covering_worker_id=ben.id, start_date=TODAY - timedelta(days=2), end_date=TODAY, reason="court"
    )

    contact = await covers.contact_on(uow, case, TODAY)
    assert contact.worker_id == ben.id
    assert contact.cover is cover
    assert (await allocations.current_allocation(case)).worker_id == amy.id  # type: ignore[union-attr]
    assert (await covers.contact_on(uow, case, TODAY - timedelta(days=3))).worker_id == amy.id
    assert await events_of(uow, "CaseTransferred") == []
    [started] = await events_of(uow, "CoverStarted")
    assert started == {
        "cover_id": str(cover.id),
        "worker_id": str(amy.id),
        "covering_worker_id": str(ben.id),
        "case_id": str(case.id),
        "start_date": str(TODAY - timedelta(days=2)),
        "end_date": str(TODAY),
        "reason": "court",
    }


async def test_a_cover_of_all_a_workers_cases_reaches_every_case_they_hold(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    amy, ben = await council.worker(pod), await council.worker(pod)
    first, second = await council.allocated_case(amy, pod), await council.allocated_case(amy, pod)

    await covers.cover_worker(uow, amy, covering_worker_id=ben.id, start_date=TODAY, end_date=None, reason="sickness")

    assert [(await covers.contact_on(uow, case, TODAY)).worker_id for case in (first, second)] == [ben.id, ben.id]


async def test_a_cover_of_one_case_comes_before_a_cover_of_all_the_workers_cases(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    amy, ben, cat = await council.worker(pod), await council.worker(pod), await council.worker(pod)
    case = await council.allocated_case(amy, pod)
    await covers.cover_worker(uow, amy, covering_worker_id=ben.id, start_date=TODAY, end_date=None, reason="leave")

    await covers.cover_case(uow, case, covering_worker_id=cat.id, start_date=TODAY, end_date=TODAY, reason="court")

    assert (await covers.contact_on(uow, case, TODAY)).worker_id == cat.id


async def test_ending_a_cover_by_hand_publishes_cover_ended_and_who_to_call_goes_back(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    amy, ben = await council.worker(pod), await council.worker(pod)
    case = await council.allocated_case(amy, pod)
    start = TODAY - timedelta(days=10)
    cover = await covers.cover_worker(
        uow, amy, covering_worker_id=ben.id, start_date=start, end_date=None, reason="leave"
    )

    await covers.end_cover(uow, cover, end_date=TODAY - timedelta(days=1))

    assert (await covers.contact_on(uow, case, TODAY)).worker_id == amy.id
    assert (await covers.contact_on(uow, case, TODAY - timedelta(days=1))).worker_id == ben.id
    assert await events_of(uow, "CoverEnded") == [
        {"cover_id": str(cover.id), "worker_id": str(amy.id), "end_date": str(TODAY - timedelta(days=1))}
    ]


async def test_two_covers_of_one_worker_may_not_overlap(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    amy, ben, cat = await council.worker(pod), await council.worker(pod), await council.worker(pod)
    await covers.cover_worker(
        uow, amy, covering_worker_id=ben.id, start_date=TODAY - timedelta(days=5), end_date=TODAY, reason="leave"
    )

    with pytest.raises(Conflict) as refused:
        await covers.cover_worker(
            uow, amy, covering_worker_id=cat.id, start_date=TODAY - timedelta(days=1), end_date=None, reason="duty"
        )
    assert refused.value.field == "start_date"


async def test_business_support_cannot_cover_cases(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    amy, officer = await council.worker(pod), await council.worker(pod, "business_support")
    case = await council.allocated_case(amy, pod)

    with pytest.raises(Exception, match="business support") as refused:
        await covers.cover_case(
            uow, case, covering_worker_id=officer.id, start_date=TODAY, end_date=None, reason="court"
        )
    assert getattr(refused.value, "field", None) == "covering_worker_id"


async def test_a_case_awaiting_a_worker_has_nobody_to_cover(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    ben = await council.worker(pod)
    case = await council.case()
    await allocations.allocate(uow, case, pod_id=pod.id, worker_id=None, start_date=date(2023, 2, 1))

    with pytest.raises(Conflict):
        await covers.cover_case(uow, case, covering_worker_id=ben.id, start_date=TODAY, end_date=None, reason="duty")
    assert (await covers.contact_on(uow, case, TODAY)).worker_id is None
