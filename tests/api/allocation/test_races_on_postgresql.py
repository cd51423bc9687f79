"""Requests racing on PostgreSQL, which (unlike SQLite) runs them side by side: of the requests that would each
open "the one open X", exactly one wins and the others get 409 problem+json."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.allocation.models import Allocation, Case, CourtProceedings, Membership, StatusPeriod, TransferRequest
from tests.api.allocation.conftest import SINCE, TODAY, Api, Town

pytestmark = pytest.mark.infra


async def _race(api: Api, times: int, path: str, body: dict[str, Any]) -> list[httpx.Response]:
    async def post() -> httpx.Response:
        return await api.client.post(path, json=body, headers=api.head)

    return list(await asyncio.gather(*(post() for _ in range(times))))


def _assert_one_winner(responses: list[httpx.Response], rule: str = "at the same moment") -> None:
    """A loser checked after the winner committed is refused by the rule in Python, naming the field; one checked
    beside it, by the database: a unique index (the 409 names its rule) or the case's version."""
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * (len(responses) - 1), [(r.status_code, r.text[:200]) for r in responses]
    for lost in (r for r in responses if r.status_code == 409):
        assert lost.headers["content-type"] == "application/problem+json"
        problem = lost.json()
        assert "errors" in problem or rule in problem["detail"], problem


async def _count(api: Api, query: sa.Select[Any]) -> int:
    async with api.runtime.sessions() as session:
        return int(await session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0)


async def test_five_concurrent_referrals_open_one_case_for_a_child(pg_api: Api, pg_town: Town) -> None:
    child = await pg_api.made(
        "/children",
        {"la_child_id": "C0099", "given_name": "Ivy", "family_name": "Moss", "date_of_birth": "2015-05-05", "sex": "F"},
    )

    responses = await _race(
        pg_api, 5, f"/children/{child['id']}/cases", {"referral_date": "2024-03-01", "source": "front door"}
    )

    _assert_one_winner(responses, "one open case per child")
    open_cases = sa.select(Case).where(Case.child_id == uuid.UUID(child["id"]), Case.closed_on.is_(None))
    assert await _count(pg_api, open_cases) == 1


async def test_five_concurrent_cin_starts_open_one_cin_period(pg_api: Api, pg_town: Town) -> None:
    responses = await _race(pg_api, 5, f"/cases/{pg_town.case}/statuses", {"kind": "CIN", "start_date": "2024-02-01"})

    _assert_one_winner(responses)
    open_cin = sa.select(StatusPeriod).where(
        StatusPeriod.case_id == uuid.UUID(pg_town.case), StatusPeriod.kind == "CIN", StatusPeriod.end_date.is_(None)
    )
    assert await _count(pg_api, open_cin) == 1


async def test_five_concurrent_court_proceedings_open_one(pg_api: Api, pg_town: Town) -> None:
    responses = await _race(pg_api, 5, f"/cases/{pg_town.case}/court-proceedings", {"start_date": "2024-02-01"})

    _assert_one_winner(responses)
    open_proceedings = sa.select(CourtProceedings).where(
        CourtProceedings.case_id == uuid.UUID(pg_town.case), CourtProceedings.end_date.is_(None)
    )
    assert await _count(pg_api, open_proceedings) == 1


async def test_three_concurrent_joins_give_a_worker_one_open_membership(pg_api: Api, pg_town: Town) -> None:
    worker = await pg_api.made("/workers", {"name": "Dee", "registration_number": "SW77770001", "employment": "agency"})

    responses = await _race(
        pg_api,
        3,
        f"/workers/{worker['id']}/memberships",
        {"pod_id": pg_town.north, "role": "social_worker", "fte": 1.0, "start_date": SINCE},
    )

    _assert_one_winner(responses)
    open_memberships = sa.select(Membership).where(
        Membership.worker_id == uuid.UUID(worker["id"]), Membership.end_date.is_(None)
    )
    assert await _count(pg_api, open_memberships) == 1


async def test_the_database_refuses_a_second_open_allocation_of_a_case(pg_api: Api, pg_town: Town) -> None:
    async with pg_api.runtime.sessions() as session:
        held = await session.scalar(sa.select(Allocation).where(Allocation.case_id == uuid.UUID(pg_town.case)))
        assert held is not None
        assert held.end_date is None
        session.add(
            Allocation(
                case_id=held.case_id,
                pod_id=held.pod_id,
                worker_id=uuid.UUID(pg_town.workers["Ben"]),
                start_date=held.start_date,
                recorded_at=held.recorded_at,
            )
        )
        with pytest.raises(IntegrityError, match="one_open_allocation_per_case"):
            await session.commit()


async def test_five_concurrent_allocations_of_a_new_case_allocate_it_once(pg_api: Api, pg_town: Town) -> None:
    child = await pg_api.made(
        "/children",
        {"la_child_id": "C0098", "given_name": "Rex", "family_name": "Moss", "date_of_birth": "2013-04-04", "sex": "M"},
    )
    case = await pg_api.made(f"/children/{child['id']}/cases", {"referral_date": TODAY, "source": "front door"})

    responses = await _race(
        pg_api,
        5,
        f"/cases/{case['id']}/allocations",
        {"pod_id": pg_town.north, "worker_id": pg_town.workers["Ben"], "start_date": TODAY},
    )

    _assert_one_winner(responses)
    open_allocations = sa.select(Allocation).where(
        Allocation.case_id == uuid.UUID(case["id"]), Allocation.end_date.is_(None)
    )
    assert await _count(pg_api, open_allocations) == 1


@pytest.mark.parametrize("arriving", ["side by side", "one after another"])
async def test_five_transfers_of_one_case_without_if_match_apply_exactly_one(
    pg_api: Api, pg_town: Town, arriving: str
) -> None:
    """Side by side, the case's version lets one commit; one after another (as SQLite always runs them), each later
    one finds the case transferred that day, and a worker who would hold it for no time is refused."""

    async def transfer_to(name: str) -> httpx.Response:
        body = {"to_worker_id": pg_town.workers[name], "reason": "MANAGE", "effective_date": TODAY}
        return await pg_api.client.post(f"/cases/{pg_town.case}/transfers", json=body, headers=pg_api.head)

    receivers = ("Ben", "Sam", "Tia", "Ben", "Sam")
    if arriving == "side by side":
        responses = list(await asyncio.gather(*(transfer_to(name) for name in receivers)))
    else:
        responses = [await transfer_to(name) for name in receivers]

    _assert_one_winner(responses)
    async with pg_api.runtime.sessions() as session:
        history = (
            await session.scalars(sa.select(Allocation).where(Allocation.case_id == uuid.UUID(pg_town.case)))
        ).all()
    assert len(history) == 2, "a transfer beside the winner was applied too"
    assert len([a for a in history if a.end_date is None]) == 1


async def test_five_concurrent_transfer_requests_leave_one_waiting_for_approval(pg_api: Api, pg_town: Town) -> None:
    """Above the continuity threshold a senior's transfer waits for the pod manager: one request at a time."""
    for name, days_ago in (("Ben", 20), ("Tia", 10)):
        day = (date.today() - timedelta(days=days_ago)).isoformat()
        await pg_api.made(
            f"/cases/{pg_town.case}/transfers",
            {"to_worker_id": pg_town.workers[name], "reason": "MANAGE", "effective_date": day},
        )
    senior = pg_api.headers("senior_social_worker", pods=(pg_town.north,), subject="sam")

    async def request() -> httpx.Response:
        body = {"to_worker_id": pg_town.workers["Sam"], "reason": "MANAGE", "effective_date": TODAY}
        return await pg_api.client.post(f"/cases/{pg_town.case}/transfers", json=body, headers=senior)

    responses = list(await asyncio.gather(*(request() for _ in range(5))))

    assert sorted(r.status_code for r in responses) == [202, 409, 409, 409, 409], [r.text[:200] for r in responses]
    pending = sa.select(TransferRequest).where(
        TransferRequest.case_id == uuid.UUID(pg_town.case), TransferRequest.state == "pending"
    )
    assert await _count(pg_api, pending) == 1
