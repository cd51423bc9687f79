"""Sibling groups and court proceedings: recorded, published, weighed in caseloads, and kept together by
recalibration."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.allocation.commands import children, court
from services.allocation.commands.recalibration import propose_recalibration
from services.allocation.queries.caseloads import held_cases
from services.allocation.rules.caseload import CaseloadPolicy
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.allocation.council import Council, events_of, row_counts

POLICY = CaseloadPolicy()
SINCE = date(2024, 1, 8)


async def test_a_child_starts_a_family_of_their_own_and_a_sibling_joins_it(uow: UnitOfWork, council: Council) -> None:
    first = await council.child()
    second = await council.child(sibling_of=first)

    assert first.family_id == first.id
    assert second.family_id == first.family_id
    registered = await events_of(uow, "ChildRegistered")
    assert [event["family_id"] for event in registered] == [str(first.id), str(first.id)]


async def test_joining_a_family_nobody_belongs_to_is_refused_naming_family_id(
    uow: UnitOfWork, council: Council
) -> None:
    await council.child()
    before = await row_counts(uow)

    with pytest.raises(Invalid) as refused:
        await children.register_child(
            uow,
            la_child_id="C9",
            given_name="Kai",
            family_name="Jones",
            date_of_birth=date(2015, 2, 1),
            sex="M",
            uasc=False,
            family_id=uuid.uuid4(),
        )
    await uow.rollback()

    assert refused.value.field == "family_id"
    assert await row_counts(uow) == before


async def test_siblings_found_later_join_one_family_and_the_change_is_published(
    uow: UnitOfWork, council: Council
) -> None:
    first, second = await council.child(), await council.child()

    await children.change_family(uow, second, first.family_id)
    await children.change_family(uow, second, first.family_id)  # already there: nothing to publish
    await uow.commit()
    joined = second.family_id
    await children.change_family(uow, second, None)
    await uow.commit()

    assert joined == first.id
    assert second.family_id == second.id
    changes = await events_of(uow, "ChildFamilyChanged")
    assert [change["family_id"] for change in changes] == [str(first.id), str(second.id)]


async def test_court_proceedings_are_dated_one_at_a_time_and_end_when_the_case_closes(
    uow: UnitOfWork, council: Council
) -> None:
    case = await council.case(referred=SINCE)
    proceedings = await court.start_proceedings(uow, case, start_date=date(2024, 2, 1))
    await uow.commit()

    with pytest.raises(Conflict) as twice:
        await court.start_proceedings(uow, case, start_date=date(2024, 3, 1))
    await uow.rollback()
    with pytest.raises(Invalid) as before_referral:
        await court.start_proceedings(uow, case, start_date=date(2023, 12, 1))
    await uow.rollback()
    await children.close_case(uow, case, closed_on=date(2024, 9, 30), reason="RC1")
    await uow.commit()

    assert (twice.value.field, before_referral.value.field) == ("case_id", "start_date")
    assert proceedings.end_date == date(2024, 9, 30)
    [started] = await events_of(uow, "CourtProceedingsStarted")
    [ended] = await events_of(uow, "CourtProceedingsEnded")
    assert (started["proceedings_id"], started["start_date"]) == (str(proceedings.id), "2024-02-01")
    assert (ended["proceedings_id"], ended["end_date"]) == (str(proceedings.id), "2024-09-30")


async def test_ending_proceedings_before_they_started_is_refused_naming_end_date(
    uow: UnitOfWork, council: Council
) -> None:
    case = await council.case(referred=SINCE)
    proceedings = await court.start_proceedings(uow, case, start_date=date(2024, 2, 1))
    await uow.commit()

    with pytest.raises(Invalid) as refused:
        await court.end_proceedings(uow, case, proceedings, end_date=date(2024, 1, 31))

    assert refused.value.field == "end_date"


async def test_a_case_in_court_weighs_court_and_a_workers_further_siblings_weigh_sibling(
    uow: UnitOfWork, council: Council
) -> None:
    pod = await council.pod()
    amy = await council.worker(pod)
    eldest = await council.child()
    in_court = await council.allocated_case(amy, pod, since=SINCE, child=eldest, kind="CP")  # 1.5, court 2.0
    await court.start_proceedings(uow, in_court, start_date=SINCE)
    younger = await council.allocated_case(
        amy, pod, since=SINCE, child=await council.child(sibling_of=eldest), kind="CP"
    )
    youngest = await council.allocated_case(
        amy, pod, since=SINCE, child=await council.child(sibling_of=eldest), kind="CIN"
    )
    unrelated = await council.allocated_case(amy, pod, since=SINCE, kind="CIN")
    await uow.commit()

    held = {case.case_id: case for case in await held_cases(uow, date(2024, 6, 1), POLICY, worker_ids=[amy.id])}

    assert held[in_court.id].in_court
    assert held[in_court.id].points == 2.0
    assert (held[younger.id].points, held[youngest.id].points) == (0.5, 0.5)
    assert held[unrelated.id].points == 1.0
    assert len(held) == 4, "each child is one case, siblings included"


async def test_without_a_sibling_discount_every_sibling_counts_in_full(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    amy = await council.worker(pod)
    eldest = await council.child()
    await council.allocated_case(amy, pod, since=SINCE, child=eldest, kind="CLA")
    await council.allocated_case(amy, pod, since=SINCE, child=await council.child(sibling_of=eldest), kind="CLA")
    full = CaseloadPolicy(weights={"CIN": 1.0, "CP": 1.5, "CLA": 1.5, "court": 2.0, "sibling": 2.0})

    held = await held_cases(uow, date(2024, 6, 1), full, worker_ids=[amy.id])

    assert [case.points for case in held] == [1.5, 1.5]


async def test_recalibration_moves_siblings_together_to_one_worker(uow: UnitOfWork, council: Council) -> None:
    pod = await council.pod()
    busy = await council.worker(pod, "social_worker_in_training")  # 8 points of capacity
    await council.worker(pod)
    await council.worker(pod)
    eldest = await council.child()
    family = [eldest, await council.child(sibling_of=eldest), await council.child(sibling_of=eldest)]
    siblings = [await council.allocated_case(busy, pod, since=SINCE, child=child, kind="CLA") for child in family]
    others = [await council.allocated_case(busy, pod, since=SINCE, kind="CLA") for _ in range(5)]
    await uow.commit()

    plan = await propose_recalibration(
        uow, pod.id, across_pods=False, policy=POLICY, approval_threshold=3, proposed_by="pm"
    )

    moves = plan.plan["moves"]  # 1.5 + 0.5 + 0.5 for the family and 7.5 for the others: 10 on 8
    moved_siblings = [move for move in moves if move["case_id"] in {str(case.id) for case in siblings}]
    assert moved_siblings, "the family is the lightest whole group that brings the worker within capacity"
    assert len(moved_siblings) == len(siblings)
    assert len({move["to_worker_id"] for move in moved_siblings}) == 1
    assert not [move for move in moves if move["case_id"] in {str(case.id) for case in others}]
    assert not [note for note in plan.plan["trade_offs"] if "split" in note]
