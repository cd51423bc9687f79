from __future__ import annotations

import asyncio

import sqlalchemy as sa

from services.allocation.models import Allocation, Cover
from tests.api.allocation.conftest import TODAY, Api, Town


async def test_a_transfer_with_a_stale_etag_is_412_and_changes_nothing(api: Api, town: Town) -> None:
    etag = (await api.client.get(f"/cases/{town.case}", headers=api.head)).headers["etag"]
    await api.made(
        f"/cases/{town.case}/transfers",
        {"to_worker_id": town.workers["Ben"], "reason": "MANAGE", "effective_date": TODAY},
        headers={**api.head, "If-Match": etag},
    )

    stale = await api.client.post(
        f"/cases/{town.case}/transfers",
        json={"to_worker_id": town.workers["Sam"], "reason": "MANAGE", "effective_date": TODAY},
        headers={**api.head, "If-Match": etag},
    )

    assert stale.status_code == 412
    assert stale.json()["errors"][0]["field"] == "If-Match"
    history = (await api.client.get(f"/cases/{town.case}/allocations", headers=api.head)).json()
    assert [a["worker_id"] for a in history] == [town.workers["Amy"], town.workers["Ben"]]


async def test_two_concurrent_transfers_of_one_case_exactly_one_wins(api: Api, town: Town) -> None:
    etag = (await api.client.get(f"/cases/{town.case}", headers=api.head)).headers["etag"]

    def transfer_to(name: str) -> asyncio.Task[object]:
        body = {"to_worker_id": town.workers[name], "reason": "MANAGE", "effective_date": TODAY}
        headers = {**api.head, "If-Match": etag}
        return asyncio.ensure_future(api.client.post(f"/cases/{town.case}/transfers", json=body, headers=headers))

    responses = await asyncio.gather(transfer_to("Ben"), transfer_to("Sam"))

    statuses = sorted(r.status_code for r in responses)  # type: ignore[attr-defined]
    assert statuses[0] == 201
    assert statuses[1] in (409, 412)
    async with api.runtime.sessions() as session:
        current = (await session.scalars(sa.select(Allocation).where(Allocation.end_date.is_(None)))).all()
    assert len(current) == 1


async def test_a_retried_post_with_the_same_idempotency_key_returns_the_first_response_and_no_second_cover(
    api: Api, town: Town
) -> None:
    body = {"covering_worker_id": town.workers["Ben"], "start_date": TODAY, "end_date": TODAY, "reason": "court"}
    headers = {**api.head, "Idempotency-Key": "cover-zoe-court-day"}

    first = await api.client.post(f"/cases/{town.case}/covers", json=body, headers=headers)
    retry = await api.client.post(f"/cases/{town.case}/covers", json=body, headers=headers)
    other = await api.client.post(f"/cases/{town.case}/covers", json={**body, "reason": "duty"}, headers=headers)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.headers["location"] == first.headers["location"]
    assert other.status_code == 422
    async with api.runtime.sessions() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Cover)) == 1


async def test_an_oversized_body_is_413(api: Api, town: Town) -> None:
    response = await api.client.post(
        f"/pods/{town.north}/recalibration",
        content=b'{"across_pods": false, "padding": "' + b"x" * 2_000_000 + b'"}',
        headers={**api.head, "Content-Type": "application/json"},
    )

    assert response.status_code == 413


async def test_every_change_to_a_case_moves_its_etag_on(api: Api, town: Town) -> None:
    etags = [(await api.client.get(f"/cases/{town.case}", headers=api.head)).headers["etag"]]
    changes = [
        (f"/cases/{town.case}/statuses", {"kind": "CIN", "start_date": "2024-02-01"}),
        (f"/cases/{town.case}/court-proceedings", {"start_date": "2024-02-01"}),
        (
            f"/cases/{town.case}/covers",
            {"covering_worker_id": town.workers["Ben"], "start_date": TODAY, "end_date": TODAY, "reason": "court"},
        ),
    ]
    for path, body in changes:
        await api.made(path, body)
        etags.append((await api.client.get(f"/cases/{town.case}", headers=api.head)).headers["etag"])

    assert len(set(etags)) == len(etags), f"a change left the case's version where it was: {etags}"
