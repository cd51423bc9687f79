"""An allocation's SSDA903 reason, and a worker taken off a case without a successor, over HTTP."""

from __future__ import annotations

import httpx

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


async def _amys_allocation(api: Api, town: Town) -> str:
    [allocation] = (await api.client.get(f"/cases/{town.case}/allocations", headers=api.head)).json()
    return str(allocation["id"])


async def test_taking_the_worker_off_a_case_leaves_it_awaiting_a_worker_in_its_pod(api: Api, town: Town) -> None:
    nora = api.headers("pod_manager", pods=(town.north,))
    amys = await _amys_allocation(api, town)

    response = await api.client.post(
        f"/cases/{town.case}/allocations/{amys}/end", json={"end_date": "2024-03-01", "reason": "LEFTRL"}, headers=nora
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["ended"]["id"], body["ended"]["end_date"], body["ended"]["end_reason"]) == (
        amys,
        "2024-03-01",
        "LEFTRL",
    )
    assert (body["awaiting"]["pod_id"], body["awaiting"]["worker_id"], body["awaiting"]["start_date"]) == (
        town.north,
        None,
        "2024-03-01",
    )
    contact = await api.client.get(f"/cases/{town.case}/contact", headers=nora)
    assert contact.json()["summary"] == "no allocated worker that day: call the pod"


async def test_the_next_worker_after_a_gap_takes_the_reason_the_last_one_came_off_and_the_export_sends_it(
    api: Api, town: Town
) -> None:
    amys = await _amys_allocation(api, town)
    await api.made(f"/cases/{town.case}/allocations/{amys}/end", {"end_date": "2024-03-01", "reason": "LEFTRL"})

    await api.made(
        f"/cases/{town.case}/allocations",
        {"pod_id": town.north, "worker_id": town.workers["Ben"], "start_date": "2024-03-04"},
    )

    export = await api.client.get("/exports/ssda903/sw-episodes", params={"year": 2024}, headers=api.head)
    rows = [line.split(",")[3:] for line in export.text.splitlines() if line.startswith("C0001,")]
    assert rows == [["08/01/2024", "01/03/2024", "FCONTA"], ["04/03/2024", "", "LEFTRL"]]


async def test_only_the_cases_current_worker_allocation_ends_and_never_on_the_day_it_began(
    api: Api, town: Town
) -> None:
    amys = await _amys_allocation(api, town)
    path = f"/cases/{town.case}/allocations/{amys}/end"

    future = await api.client.post(path, json={"end_date": "2999-01-01", "reason": "LEFTRL"}, headers=api.head)
    same_day = await api.client.post(path, json={"end_date": "2024-01-08", "reason": "LEFTRL"}, headers=api.head)
    first = await api.client.post(path, json={"end_date": "2024-03-01", "reason": "ABSENC"}, headers=api.head)
    again = await api.client.post(path, json={"end_date": "2024-03-02", "reason": "ABSENC"}, headers=api.head)
    awaiting = first.json()["awaiting"]["id"]
    of_awaiting = await api.client.post(
        f"/cases/{town.case}/allocations/{awaiting}/end",
        json={"end_date": "2024-03-02", "reason": "ABSENC"},
        headers=api.head,
    )

    def refusal(response: httpx.Response) -> tuple[int, list[str]]:
        return response.status_code, [e["field"] for e in response.json()["errors"]]

    assert refusal(future) == (422, ["end_date"])
    assert refusal(same_day) == (409, ["end_date"])
    assert first.status_code == 200
    assert refusal(again) == (409, ["allocation_id"])
    assert refusal(of_awaiting) == (409, ["allocation_id"])
