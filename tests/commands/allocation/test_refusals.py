"""Every refusal is a 4xx problem naming the field, and leaves nothing written: no row, no event."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from services.allocation.commands import allocations, children, covers, workers
from services.allocation.models import StatusPeriod
from shared.problems import Problem
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.allocation.council import Council, row_counts

TOMORROW = date.today() + timedelta(days=1)


async def refused(uow: UnitOfWork, command: Callable[[], Awaitable[Any]]) -> Problem:
    before = await row_counts(uow)
    with pytest.raises(Problem) as caught:
        await command()
    await uow.rollback()
    assert await row_counts(uow) == before, "a refused command wrote something"
    for row in list(uow.session.identity_map.values()):
        await uow.session.refresh(row)  # the rollback expired them; the next command in the test reads them again
    return caught.value


async def test_an_unknown_transfer_reason_is_refused_naming_reason(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    amy, ben = await council.worker(pod), await council.worker(pod)
    case = await council.allocated_case(amy, pod)

    problem = await refused(
        uow,
        lambda: allocations.transfer(uow, case, to_worker_id=ben.id, effective_date=date(2024, 1, 1), reason="NOPE"),
    )

    assert (problem.status, problem.field) == (422, "reason")


async def test_a_transfer_on_the_day_the_current_worker_took_the_case_is_a_conflict_naming_effective_date(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    amy, ben, cat = await council.worker(pod), await council.worker(pod), await council.worker(pod)
    case = await council.allocated_case(amy, pod)
    await allocations.transfer(uow, case, to_worker_id=ben.id, effective_date=date(2024, 1, 1), reason="MANAGE")
    await uow.commit()

    problem = await refused(
        uow,
        lambda: allocations.transfer(uow, case, to_worker_id=cat.id, effective_date=date(2024, 1, 1), reason="MANAGE"),
    )

    assert (problem.status, problem.field) == (409, "effective_date")


@pytest.mark.parametrize(
    ("kind", "cp_category", "legal_status", "field"),
    [("XYZ", None, None, "kind"), ("CP", "ZZZ", None, "cp_category"), ("CLA", None, "Z9", "legal_status")],
)
async def test_unknown_status_codes_are_refused_naming_the_field(
    uow: UnitOfWork, council: Council, kind: str, cp_category: str | None, legal_status: str | None, field: str
) -> None:
    case = await council.case()

    problem = await refused(
        uow,
        lambda: children.start_status(
            uow, case, kind=kind, start_date=date(2023, 3, 1), cp_category=cp_category, legal_status=legal_status
        ),
    )

    assert (problem.status, problem.field) == (422, field)


async def test_an_unknown_role_or_closure_reason_or_cover_reason_is_refused(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    amy, ben = await council.worker(pod), await council.worker(pod)
    case = await council.allocated_case(amy, pod)
    newcomer = await workers.register_worker(uow, name="New", registration_number=None, employment="employed")
    await uow.commit()

    role = await refused(
        uow, lambda: workers.join_pod(uow, newcomer, pod_id=pod.id, role="boss", fte=1, start_date=date.today())
    )
    closure = await refused(uow, lambda: children.close_case(uow, case, closed_on=date.today(), reason="RC0"))
    cover = await refused(
        uow,
        lambda: covers.cover_case(
            uow, case, covering_worker_id=ben.id, start_date=date.today(), end_date=None, reason="holiday"
        ),
    )

    assert [(p.status, p.field) for p in (role, closure, cover)] == [(422, "role"), (422, "reason"), (422, "reason")]


async def test_a_status_cannot_end_before_it_started(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    case = await council.allocated_case(await council.worker(pod), pod, since=date(2023, 5, 1))
    period = (await uow.session.scalars(sa.select(StatusPeriod))).one()

    problem = await refused(uow, lambda: children.end_status(uow, case, period, end_date=date(2023, 4, 1)))

    assert (problem.status, problem.field) == (422, "end_date")


async def test_a_case_cannot_close_before_its_referral(uow: UnitOfWork, council: Council) -> None:
    case = await council.case(referred=date(2023, 5, 1))

    problem = await refused(uow, lambda: children.close_case(uow, case, closed_on=date(2023, 4, 30), reason="RC8"))

    assert (problem.status, problem.field) == (422, "closed_on")


async def test_a_membership_or_a_cover_cannot_end_before_it_started(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    amy, ben = await council.worker(pod, since=date(2023, 1, 2)), await council.worker(pod)
    membership = await council.membership(amy)

    leaving = await refused(uow, lambda: workers.end_membership(uow, membership, end_date=date(2023, 1, 1)))
    cover = await refused(
        uow,
        lambda: covers.cover_worker(
            uow,
            amy,
            covering_worker_id=ben.id,
            start_date=date(2024, 3, 4),
            end_date=date(2024, 3, 1),
            reason="leave",
        ),
    )

    assert [(p.status, p.field) for p in (leaving, cover)] == [(422, "end_date"), (422, "end_date")]


async def test_a_child_never_has_two_open_cases(uow: UnitOfWork, council: Council) -> None:
    child = await council.child()
    await council.case(child, referred=date(2023, 1, 5))

    problem = await refused(
        uow, lambda: children.open_case(uow, child, referral_date=date(2024, 1, 5), source="front door")
    )

    assert (problem.status, problem.field) == (409, "child_id")


async def test_a_case_cannot_be_allocated_to_a_worker_outside_the_pod(uow: UnitOfWork, council: Council) -> None:
    north, south = await council.pod(), await council.pod()
    southerner = await council.worker(south)
    case = await council.case()

    problem = await refused(
        uow,
        lambda: allocations.allocate(uow, case, pod_id=north.id, worker_id=southerner.id, start_date=date(2023, 2, 1)),
    )

    assert (problem.status, problem.field) == (422, "worker_id")


async def test_a_cover_by_someone_outside_the_pod_is_refused(uow: UnitOfWork, council: Council) -> None:
    north, south = await council.pod(), await council.pod()
    amy, southerner = await council.worker(north), await council.worker(south)
    case = await council.allocated_case(amy, north)

    problem = await refused(
        uow,
        lambda: covers.cover_case(
            uow, case, covering_worker_id=southerner.id, start_date=date.today(), end_date=None, reason="court"
        ),
    )

    assert (problem.status, problem.field) == (422, "covering_worker_id")


async def test_future_effective_dates_are_refused(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    amy, ben = await council.worker(pod), await council.worker(pod)
    case = await council.allocated_case(amy, pod)

    transfer = await refused(
        uow,
        lambda: allocations.transfer(uow, case, to_worker_id=ben.id, effective_date=TOMORROW, reason="MANAGE"),
    )
    status = await refused(
        uow,
        lambda: children.start_status(uow, case, kind="CP", start_date=TOMORROW, cp_category="NEG", legal_status=None),
    )
    cover = await refused(
        uow,
        lambda: covers.cover_case(
            uow, case, covering_worker_id=ben.id, start_date=TOMORROW, end_date=None, reason="leave"
        ),
    )

    assert [(p.status, p.field) for p in (transfer, status, cover)] == [
        (422, "effective_date"),
        (422, "start_date"),
        (422, "start_date"),
    ]
