"""Read your own writes across services: a write's consistency token, handed to a read of another service as
`?after=`, makes the read wait until that service has the write's events; past a bound the answer is 503
(issue 14, item 16)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import pytest

from shared.runtime.consistency import HEADER, token_for
from tests.flows.kpi.in_process import Continuum


async def test_a_kpi_read_after_a_transfers_token_waits_for_the_transfer_and_counts_it(
    continuum: Continuum, monkeypatch: pytest.MonkeyPatch
) -> None:
    north = await continuum.pod("North")
    amy, ben = await continuum.worker("Amy", north), await continuum.worker("Ben", north)
    case = await continuum.child_with_case("Zoe", date(2024, 1, 8))
    await continuum.allocate(case, north, amy, date(2024, 1, 8))
    relay = continuum.runtimes["allocation"].relay
    assert relay is not None
    released = asyncio.Event()
    publish = relay.publish_pending

    async def held_back() -> int:
        await released.wait()
        return await publish()

    monkeypatch.setattr(relay, "publish_pending", held_back)
    transfer = await continuum.client.post(
        f"/allocation/v1/cases/{case}/transfers",
        json={"to_worker_id": str(ben), "reason": "MANAGE", "effective_date": "2024-03-01"},
        headers=continuum.bearer("head_of_service"),
    )
    token = transfer.headers[HEADER]

    reading = asyncio.create_task(
        continuum.kpi_get(
            "/continuity", query={"measure": "local", "from": "2024-01-01", "to": "2024-12-31", "after": token}
        )
    )
    await asyncio.sleep(0.5)
    waited = not reading.done()
    released.set()
    figure = await reading

    assert transfer.status_code == 201
    assert waited, "the read answered while the transfer had not even left allocation"
    assert figure.status_code == 200, figure.text
    assert figure.json()["figure"]["changes_within_pod"] == 1, "the read did not wait for the transfer"


async def test_a_read_after_its_own_services_write_answers_at_once(continuum: Continuum) -> None:
    made = await continuum.client.post(
        "/allocation/v1/pods",
        json={"name": "South", "created_on": "2024-01-01"},
        headers=continuum.bearer("head_of_service"),
    )

    read = await continuum.client.get(
        f"/allocation/v1/pods/{made.json()['id']}",
        params={"after": made.headers[HEADER]},
        headers=continuum.bearer("head_of_service"),
    )

    assert read.status_code == 200


async def test_a_token_whose_events_never_arrive_is_a_503_with_retry_after(continuum: Continuum) -> None:
    never = token_for([("allocation.cases", str(uuid.uuid4()))])
    assert never is not None
    continuum.kpi.settings.consistency_wait_seconds = 0.2

    waited = await continuum.kpi_get("/freshness", after=never)

    assert waited.status_code == 503
    assert waited.headers["retry-after"] == "1"
    assert waited.json()["errors"][0]["field"] == "query.after"


async def test_a_token_this_platform_never_gave_is_a_422_naming_after(continuum: Continuum) -> None:
    refused = await continuum.kpi_get("/freshness", after="not-a-token")

    assert (refused.status_code, refused.json()["errors"][0]["field"]) == (422, "query.after")


async def test_a_write_that_published_nothing_carries_no_token(continuum: Continuum) -> None:
    north = await continuum.pod("West")
    read = await continuum.client.get(f"/allocation/v1/pods/{north}", headers=continuum.bearer("head_of_service"))

    assert HEADER not in read.headers
