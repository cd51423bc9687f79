"""An allocation's SSDA903 reason, and a worker taken off a case without a successor, over HTTP."""

from __future__ import annotations

from tests.api.allocation.conftest import Api, Town


async def _looked_after_case_awaiting_a_worker(api: Api, town: Town, la_child_id: str) -> str:
    child = await api.made(
        "/children",
        {
            "la_child_id": la_child_id,
            "given_name": "Kai",
            "family_name": "Reed",
            "date_of_birth": "2013-04-02",
            "sex": "M",
        },
    )
    case = await api.made(
        f"/children/{child['id']}/cases", {"referral_date": "2024-02-01", "source": "police", "pod_id": town.north}
    )
    await api.made(f"/cases/{case['id']}/statuses", {"kind": "CLA", "start_date": "2024-02-01", "legal_status": "C2"})
    return str(case["id"])


async def test_an_allocation_takes_its_ssda903_reason_and_the_export_sends_it(api: Api, town: Town) -> None:
    case = await _looked_after_case_awaiting_a_worker(api, town, "C0002")

    response = await api.client.post(
        f"/cases/{case}/allocations",
        json={"pod_id": town.north, "worker_id": town.workers["Ben"], "start_date": "2024-02-05", "reason": "LEFTRL"},
        headers=api.head,
    )

    assert response.status_code == 201, response.text
    assert response.json()["start_reason"] == "LEFTRL"
    export = await api.client.get("/exports/ssda903/sw-episodes", params={"year": 2024}, headers=api.head)
    [row] = [line for line in export.text.splitlines() if line.startswith("C0002,")]
    assert row.endswith(",05/02/2024,,LEFTRL")


async def test_an_allocation_reason_outside_the_ssda903_list_or_without_a_worker_is_a_422_naming_reason(
    api: Api, town: Town
) -> None:
    case = await _looked_after_case_awaiting_a_worker(api, town, "C0003")
    ben = town.workers["Ben"]

    unknown = await api.client.post(
        f"/cases/{case}/allocations",
        json={"pod_id": town.north, "worker_id": ben, "start_date": "2024-02-05", "reason": "LEFT"},
        headers=api.head,
    )
    without_worker = await api.client.post(
        f"/cases/{case}/allocations",
        json={"pod_id": town.north, "start_date": "2024-02-05", "reason": "LEFTRL"},
        headers=api.head,
    )

    assert (unknown.status_code, [e["field"] for e in unknown.json()["errors"]]) == (422, ["reason"])
    assert (without_worker.status_code, [e["field"] for e in without_worker.json()["errors"]]) == (422, ["reason"])
