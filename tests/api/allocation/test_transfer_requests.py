"""A transfer above the continuity threshold waits for the pod manager: a senior social worker's request (202),
read, rejected or approved by the case's pod manager; every step, the continuity preview and a read of a cover go
to the audit trail (issue 14, item 4)."""

from __future__ import annotations

from typing import Any

from tests.api.allocation.conftest import Api, Town


async def _trail(api: Api, child_id: str) -> list[tuple[str, str]]:
    auditor = api.headers("auditor", subject="auditor-1")
    response = await api.client.get("/audit-log", params={"child_id": child_id, "limit": 1000}, headers=auditor)
    return [(entry["action"], entry["resource"]) for entry in response.json()["items"]]


async def _third_worker_request(api: Api, town: Town, to: str, day: str) -> dict[str, Any]:
    sam = api.headers("senior_social_worker", pods=(town.north,), subject="sam")
    body = {"to_worker_id": town.workers[to], "reason": "MANAGE", "effective_date": day}
    response = await api.client.post(f"/cases/{town.case}/transfers", json=body, headers=sam)
    assert response.status_code == 202, response.text
    return dict(response.json())


async def test_a_third_worker_in_a_year_waits_for_the_pod_manager_who_rejects_then_approves(
    api: Api, town: Town
) -> None:
    nora = api.headers("pod_manager", pods=(town.north,), subject="nora")
    sol = api.headers("pod_manager", pods=(town.south,), subject="sol")
    to_ben = {"to_worker_id": town.workers["Ben"], "reason": "MANAGE", "effective_date": "2024-03-01"}
    assert (await api.client.post(f"/cases/{town.case}/transfers", json=to_ben, headers=nora)).status_code == 201

    first = await _third_worker_request(api, town, "Tia", "2024-04-01")
    request_id = first["request"]["id"]
    read = await api.client.get(f"/transfer-requests/{request_id}", headers=nora)
    not_theirs = await api.client.post(f"/transfer-requests/{request_id}/reject", json={"note": "no"}, headers=sol)
    rejected = await api.client.post(f"/transfer-requests/{request_id}/reject", json={"note": "not yet"}, headers=nora)
    again = await api.client.post(f"/transfer-requests/{request_id}/approve", json={"note": ""}, headers=nora)
    second = await _third_worker_request(api, town, "Tia", "2024-04-02")
    approved = await api.client.post(
        f"/transfer-requests/{second['request']['id']}/approve", json={"note": "agreed"}, headers=nora
    )

    assert first["outcome"] == "awaiting_approval"
    assert first["cost"]["needs_approval"] is True
    assert read.json()["state"] == "pending"
    assert not_theirs.status_code == 403
    assert (rejected.status_code, rejected.json()["state"]) == (200, "rejected")
    assert again.status_code == 409, "a decided request was decided again"
    assert (approved.status_code, approved.json()["outcome"]) == (200, "transferred")
    assert approved.json()["allocation"]["worker_id"] == town.workers["Tia"]


async def test_previews_transfer_requests_and_cover_reads_are_in_the_audit_trail(api: Api, town: Town) -> None:
    nora = api.headers("pod_manager", pods=(town.north,), subject="nora")
    to_ben = {"to_worker_id": town.workers["Ben"], "reason": "MANAGE", "effective_date": "2024-03-01"}
    await api.client.post(f"/cases/{town.case}/transfers", json=to_ben, headers=nora)
    preview = await api.client.get(
        f"/cases/{town.case}/transfers/preview", params={"to_worker_id": town.workers["Tia"]}, headers=nora
    )
    request_id = (await _third_worker_request(api, town, "Tia", "2024-04-01"))["request"]["id"]
    await api.client.get(f"/transfer-requests/{request_id}", headers=nora)
    await api.client.post(f"/transfer-requests/{request_id}/reject", json={"note": "not yet"}, headers=nora)
    cover = await api.client.post(
        f"/cases/{town.case}/covers",
        json={"covering_worker_id": town.workers["Amy"], "start_date": "2024-03-05", "reason": "leave"},
        headers=nora,
    )
    await api.client.get(f"/covers/{cover.json()['id']}", headers=nora)

    trail = await _trail(api, town.child)

    assert preview.status_code == 200
    case = f"case/{town.case}"
    assert ("read", f"{case}/transfers/preview") in trail
    assert ("write", f"{case}/transfer") in trail, "making the transfer request went unrecorded"
    assert ("read", f"{case}/transfer-requests/{request_id}") in trail
    assert ("write", f"{case}/transfer-requests/{request_id}") in trail, "rejecting it went unrecorded"
    assert ("write", f"{case}/cover") in trail
