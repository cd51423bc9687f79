"""States that cannot have happened are refused, naming the field, with nothing written: a leaver given a case or a
cover, a correction that opens a second allocation or reopens a closed case's, overlapping periods of one kind, a
transfer request that could never be approved."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date, timedelta

from services.allocation.commands import allocations, children, court, covers, workers
from services.allocation.models import Allocation, Case, Pod, StatusPeriod, Worker
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.allocation.council import Council
from tests.commands.allocation.test_refusals import refused

LEFT_ON = date(2024, 3, 29)


async def _leaver(council: Council, pod: Pod) -> Worker:
    """A worker of the pod since 2022 whose last day was 29 March 2024."""
    leaver = await council.worker(pod)
    await workers.end_membership(council.uow, await council.membership(leaver), end_date=LEFT_ON)
    await council.uow.commit()
    return leaver


async def _current(case: Case) -> Allocation:
    allocation = await allocations.current_allocation(case)
    assert allocation is not None
    return allocation


async def test_a_new_allocation_to_a_worker_who_has_since_left_is_refused_naming_worker_id(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    leaver = await _leaver(council, pod)
    case = await council.case(referred=date(2024, 1, 8))

    problem = await refused(
        uow, lambda: allocations.allocate(uow, case, pod_id=pod.id, worker_id=leaver.id, start_date=date(2024, 1, 8))
    )

    assert (problem.status, problem.field) == (422, "worker_id")


async def test_a_transfer_to_a_worker_who_has_since_left_is_refused_naming_to_worker_id(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    amy, leaver = await council.worker(pod), await _leaver(council, pod)
    case = await council.allocated_case(amy, pod)

    problem = await refused(
        uow,
        lambda: allocations.transfer(
            uow, case, to_worker_id=leaver.id, effective_date=date(2024, 1, 8), reason="MANAGE"
        ),
    )

    assert (problem.status, problem.field) == (422, "to_worker_id")


async def test_a_cover_by_a_colleague_who_leaves_before_it_ends_is_refused_naming_covering_worker_id(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    amy, leaver = await council.worker(pod), await _leaver(council, pod)
    case = await council.allocated_case(amy, pod)

    of_the_case = await refused(
        uow,
        lambda: covers.cover_case(
            uow, case, covering_worker_id=leaver.id, start_date=date(2024, 3, 1), end_date=None, reason="leave"
        ),
    )
    of_the_worker = await refused(
        uow,
        lambda: covers.cover_worker(
            uow,
            amy,
            covering_worker_id=leaver.id,
            start_date=date(2024, 3, 25),
            end_date=date(2024, 4, 5),
            reason="leave",
        ),
    )

    assert (of_the_case.status, of_the_case.field) == (422, "covering_worker_id")
    assert (of_the_worker.status, of_the_worker.field) == (422, "covering_worker_id")


async def test_a_worker_whose_role_changed_in_the_pod_is_still_a_member_throughout(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    promoted = await council.worker(pod)
    await workers.end_membership(uow, await council.membership(promoted), end_date=date(2024, 2, 29))
    await workers.join_pod(
        uow, promoted, pod_id=pod.id, role="senior_social_worker", fte=1.0, start_date=date(2024, 3, 1)
    )
    case = await council.case(referred=date(2024, 1, 8))

    allocation = await allocations.allocate(
        uow, case, pod_id=pod.id, worker_id=promoted.id, start_date=date(2024, 1, 8)
    )

    assert allocation.worker_id == promoted.id


async def test_a_correction_that_would_leave_two_open_allocations_is_refused_naming_end_date(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    amy, ben = await council.worker(pod), await council.worker(pod)
    case = await council.allocated_case(amy, pod)
    amys = await _current(case)
    await allocations.transfer(uow, case, to_worker_id=ben.id, effective_date=date(2024, 1, 8), reason="MANAGE")
    await uow.commit()

    problem = await refused(
        uow,
        lambda: allocations.correct_allocation(
            uow,
            case,
            amys,
            worker_id=amy.id,
            start_date=amys.start_date,
            end_date=None,
            entered_in_error=False,
            note="never ended",
        ),
    )

    assert (problem.status, problem.field) == (409, "end_date")


async def test_a_correction_that_reopens_a_closed_cases_allocation_is_refused_naming_end_date(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    amy = await council.worker(pod)
    case = await council.allocated_case(amy, pod)
    amys = await _current(case)
    await children.close_case(uow, case, closed_on=date(2024, 1, 8), reason="RC8")
    await uow.commit()

    def correction(end: date | None) -> Awaitable[Allocation]:
        return allocations.correct_allocation(
            uow,
            case,
            amys,
            worker_id=amy.id,
            start_date=amys.start_date,
            end_date=end,
            entered_in_error=False,
            note="x",
        )

    reopened = await refused(uow, lambda: correction(None))
    later = await refused(uow, lambda: correction(date(2024, 2, 1)))

    assert (reopened.status, reopened.field) == (409, "end_date")
    assert (later.status, later.field) == (409, "end_date")


async def test_a_correction_starting_before_the_referral_is_refused_naming_start_date(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    amy = await council.worker(pod)
    case = await council.allocated_case(amy, pod, since=date(2024, 1, 8))
    amys = await _current(case)

    problem = await refused(
        uow,
        lambda: allocations.correct_allocation(
            uow,
            case,
            amys,
            worker_id=amy.id,
            start_date=date(2023, 12, 1),
            end_date=None,
            entered_in_error=False,
            note="started earlier",
        ),
    )

    assert (problem.status, problem.field) == (422, "start_date")


async def test_an_allocation_entered_in_error_cannot_name_a_worker_of_another_pod(
    uow: UnitOfWork, council: Council
) -> None:
    north, south = await council.pod(), await council.pod()
    amy, cat = await council.worker(north), await council.worker(south)
    case = await council.allocated_case(amy, north)
    amys = await _current(case)

    problem = await refused(
        uow,
        lambda: allocations.correct_allocation(
            uow,
            case,
            amys,
            worker_id=cat.id,
            start_date=amys.start_date,
            end_date=None,
            entered_in_error=True,
            note="wrong child",
        ),
    )

    assert (problem.status, problem.field) == (422, "worker_id")


async def test_a_cp_period_starting_inside_or_before_another_is_refused_naming_start_date(
    uow: UnitOfWork, council: Council
) -> None:
    case = await council.case(referred=date(2023, 2, 1))
    plan = await children.start_status(
        uow, case, kind="CP", start_date=date(2023, 3, 1), cp_category="NEG", legal_status=None
    )
    await children.end_status(uow, case, plan, end_date=date(2023, 9, 1))
    await uow.commit()

    def plan_from(start: date) -> Awaitable[StatusPeriod]:
        return children.start_status(uow, case, kind="CP", start_date=start, cp_category="EMO", legal_status=None)

    inside = await refused(uow, lambda: plan_from(date(2023, 6, 1)))
    before = await refused(uow, lambda: plan_from(date(2023, 2, 15)))
    following = await children.start_status(
        uow, case, kind="CP", start_date=date(2023, 9, 1), cp_category="EMO", legal_status=None
    )

    assert (inside.status, inside.field) == (409, "start_date")
    assert (before.status, before.field) == (409, "start_date")
    assert following.start_date == date(2023, 9, 1), "a plan may follow the last one on the day it ended"


async def test_court_proceedings_starting_inside_earlier_ones_are_refused_naming_start_date(
    uow: UnitOfWork, council: Council
) -> None:
    case = await council.case(referred=date(2023, 2, 1))
    first = await court.start_proceedings(uow, case, start_date=date(2023, 3, 1))
    await court.end_proceedings(uow, case, first, end_date=date(2023, 9, 1))
    await uow.commit()

    problem = await refused(uow, lambda: court.start_proceedings(uow, case, start_date=date(2023, 5, 1)))

    assert (problem.status, problem.field) == (409, "start_date")


async def _transfer_request(uow: UnitOfWork, case: Case, to: Worker, to_pod: Pod | None) -> allocations.TransferOutcome:
    return await allocations.transfer_or_request(
        uow,
        case,
        to_worker_id=to.id,
        to_pod_id=to_pod.id if to_pod else None,
        effective_date=date.today() - timedelta(days=1),
        reason="MANAGE",
        approval_threshold=2,
        requested_by="sam",
        may_approve=False,
    )


async def test_a_transfer_request_naming_a_pod_its_worker_is_not_in_is_refused_naming_to_pod_id(
    uow: UnitOfWork, council: Council
) -> None:
    north, south = await council.pod(), await council.pod()
    amy, ben = await council.worker(north), await council.worker(north)
    case = await council.allocated_case(amy, north)

    problem = await refused(uow, lambda: _transfer_request(uow, case, ben, south))

    assert (problem.status, problem.field) == (422, "to_pod_id")


async def test_a_case_has_one_transfer_request_waiting_at_a_time(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    amy, ben, cat = await council.worker(pod), await council.worker(pod), await council.worker(pod)
    case = await council.allocated_case(amy, pod)
    first = await _transfer_request(uow, case, ben, None)
    await uow.commit()

    problem = await refused(uow, lambda: _transfer_request(uow, case, cat, None))

    assert first.request is not None
    assert (problem.status, problem.field) == (409, "case_id")
