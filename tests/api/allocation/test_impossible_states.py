"""Over HTTP, impossible input is a 4xx problem naming the field and nothing is written: an FTE that is nobody's
job, a correction that would open a second allocation; and "who to call today" never names a worker who has left."""

from __future__ import annotations

import pytest

from tests.api.allocation.conftest import Api, Town


@pytest.mark.parametrize("fte", [1e-300, 0.0, 0.09, 1.01])
async def test_an_fte_below_a_tenth_or_above_one_is_a_422_naming_fte(api: Api, town: Town, fte: float) -> None:
    response = await api.client.post(
        f"/workers/{town.workers['Cat']}/memberships",
        json={"pod_id": town.south, "role": "social_worker", "fte": fte, "start_date": "2030-01-01"},
        headers=api.head,
    )

    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["fte"]


async def test_reopening_an_allocation_a_transfer_ended_is_a_409_naming_end_date(api: Api, town: Town) -> None:
    [amys] = (await api.client.get(f"/cases/{town.case}/allocations", headers=api.head)).json()
    await api.made(
        f"/cases/{town.case}/transfers",
        {"to_worker_id": town.workers["Ben"], "reason": "MANAGE", "effective_date": "2024-03-01"},
    )

    response = await api.client.post(
        f"/cases/{town.case}/allocations/{amys['id']}/corrections",
        json={"worker_id": town.workers["Amy"], "start_date": "2024-01-08", "end_date": None, "note": "never ended"},
        headers=api.head,
    )

    assert response.status_code == 409
    assert [e["field"] for e in response.json()["errors"]] == ["end_date"]
    history = (await api.client.get(f"/cases/{town.case}/allocations", headers=api.head)).json()
    assert [a["end_date"] for a in history] == ["2024-03-01", None]


async def test_who_to_call_never_names_a_worker_who_has_left(api: Api, town: Town) -> None:
    ben = town.workers["Ben"]
    await api.made(
        f"/cases/{town.case}/covers", {"covering_worker_id": ben, "start_date": "2024-03-01", "reason": "sickness"}
    )
    await api.made(f"/workers/{ben}/memberships/{town.memberships['Ben']}/end", {"end_date": "2024-03-29"})
    before_ben_left = await api.client.get(f"/cases/{town.case}/contact", params={"on": "2024-03-15"}, headers=api.head)
    await api.made(
        f"/workers/{town.workers['Amy']}/memberships/{town.memberships['Amy']}/end", {"end_date": "2024-04-30"}
    )

    today = await api.client.get(f"/cases/{town.case}/contact", headers=api.head)

    assert before_ben_left.json()["contact"]["id"] == ben
    body = today.json()
    assert body["contact"] is None, "the cover's colleague and the allocated worker have both left"
    assert body["cover"] is None
    assert body["summary"].endswith("call the pod")
