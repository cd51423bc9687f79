"""A case is seen by the pod holding it, or for a closed case by the pod that held it last; a case never allocated
("awaiting a pod") by the managers of the pods that may take it. The role-by-role matrix is in test_auth_matrix."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from services.allocation.settings import allocation_settings
from tests.api.allocation.conftest import Api, Town

REFERRAL = {"referral_date": "2024-05-01", "source": "front door"}


async def _child(api: Api, la_child_id: str, **extra: Any) -> dict[str, Any]:
    body = {"la_child_id": la_child_id, "given_name": "Kai", "family_name": "Reed", "date_of_birth": "2016-07-01"}
    return await api.made("/children", {**body, "sex": "M", **extra})


async def _seen_by(api: Api, path: str, *callers: dict[str, str]) -> list[int]:
    return [(await api.client.get(path, headers=caller)).status_code for caller in callers]


@pytest.fixture
def duty_pods(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    def on_duty(*pod_ids: str) -> None:
        monkeypatch.setenv("CONTINUUM_ALLOCATION_DUTY_POD_IDS", json.dumps(pod_ids))
        allocation_settings.cache_clear()

    yield on_duty
    allocation_settings.cache_clear()


async def test_a_case_awaiting_a_pod_is_seen_by_the_managers_of_the_pod_holding_a_siblings_case(
    api: Api, town: Town
) -> None:
    kai = await _child(api, "C0002", family_id=town.child)
    case = await api.made(f"/children/{kai['id']}/cases", REFERRAL, headers=api.headers("system"))
    nora, sol = api.headers("pod_manager", pods=(town.north,)), api.headers("pod_manager", pods=(town.south,))
    amy = api.headers("social_worker", pods=(town.north,))

    assert await _seen_by(api, f"/cases/{case['id']}", nora, sol, amy) == [200, 403, 403]
    assert await _seen_by(api, f"/children/{kai['id']}", nora, sol, amy) == [200, 403, 403]


async def test_a_case_awaiting_a_pod_is_seen_by_the_managers_of_the_pod_that_held_the_childs_earlier_case(
    api: Api, town: Town
) -> None:
    lea = await _child(api, "C0003")
    earlier = await api.made(f"/children/{lea['id']}/cases", {"referral_date": "2023-03-01", "source": "school"})
    await api.made(
        f"/cases/{earlier['id']}/allocations",
        {"pod_id": town.south, "worker_id": town.workers["Cat"], "start_date": "2023-03-01"},
    )
    await api.made(f"/cases/{earlier['id']}/close", {"closed_on": "2023-08-01", "reason": "RC8"})
    case = await api.made(f"/children/{lea['id']}/cases", REFERRAL)
    nora, sol = api.headers("pod_manager", pods=(town.north,)), api.headers("pod_manager", pods=(town.south,))

    assert await _seen_by(api, f"/cases/{case['id']}", nora, sol) == [403, 200]
    assert await _seen_by(api, f"/cases/{earlier['id']}", nora, sol) == [403, 200]


async def test_a_case_awaiting_a_pod_is_seen_by_the_managers_of_the_duty_pods(
    api: Api, town: Town, duty_pods: Any
) -> None:
    duty_pods(town.south)
    newcomer = await _child(api, "C0004")
    case = await api.made(f"/children/{newcomer['id']}/cases", REFERRAL)
    nora, sol = api.headers("pod_manager", pods=(town.north,)), api.headers("pod_manager", pods=(town.south,))

    assert await _seen_by(api, f"/cases/{case['id']}", nora, sol) == [403, 200]
    taken = await api.client.post(
        f"/cases/{case['id']}/allocations", json={"pod_id": town.south, "start_date": "2024-05-02"}, headers=sol
    )
    assert taken.status_code == 201
    assert await _seen_by(api, f"/cases/{case['id']}", api.headers("social_worker", pods=(town.south,))) == [200]


async def test_a_case_awaiting_a_pod_no_pod_is_linked_to_is_allocated_by_a_head_of_service_only(
    api: Api, town: Town
) -> None:
    newcomer = await _child(api, "C0005")
    case = await api.made(f"/children/{newcomer['id']}/cases", REFERRAL)
    nora = api.headers("pod_manager", pods=(town.north,))

    refused = await api.client.post(
        f"/cases/{case['id']}/allocations", json={"pod_id": town.north, "start_date": "2024-05-02"}, headers=nora
    )
    allocated = await api.client.post(
        f"/cases/{case['id']}/allocations", json={"pod_id": town.north, "start_date": "2024-05-02"}, headers=api.head
    )

    assert (refused.status_code, allocated.status_code) == (403, 201)
    assert await _seen_by(api, f"/cases/{case['id']}", nora) == [200]


async def test_a_referral_opened_for_the_callers_own_pod_awaits_a_worker_there_and_stays_in_sight(
    api: Api, town: Town
) -> None:
    bo = api.headers("business_support", pods=(town.north,))
    newcomer = await _child(api, "C0006")

    opened = await api.client.post(
        f"/children/{newcomer['id']}/cases", json={**REFERRAL, "pod_id": town.north}, headers=bo
    )

    assert opened.status_code == 201
    history = await api.client.get(f"/cases/{opened.json()['id']}/allocations", headers=bo)
    assert history.status_code == 200
    assert [(a["pod_id"], a["worker_id"], a["start_date"]) for a in history.json()] == [
        (town.north, None, REFERRAL["referral_date"])
    ]


async def test_a_referral_opened_for_another_pod_is_403_naming_pod_id_and_opens_nothing(api: Api, town: Town) -> None:
    bo = api.headers("business_support", pods=(town.north,))
    newcomer = await _child(api, "C0007")

    opened = await api.client.post(
        f"/children/{newcomer['id']}/cases", json={**REFERRAL, "pod_id": town.south}, headers=bo
    )

    assert opened.status_code == 403
    assert [e["field"] for e in opened.json()["errors"]] == ["pod_id"]
    assert (await api.client.get(f"/children/{newcomer['id']}/cases", headers=api.head)).json() == []


async def test_a_child_whose_only_allocation_was_entered_in_error_is_no_longer_listed_for_that_pod(
    api: Api, town: Town
) -> None:
    [held] = (await api.client.get(f"/cases/{town.case}/allocations", headers=api.head)).json()
    await api.made(
        f"/cases/{town.case}/allocations/{held['id']}/corrections",
        {"worker_id": None, "start_date": held["start_date"], "end_date": None, "entered_in_error": True, "note": "x"},
    )
    amy = api.headers("social_worker", pods=(town.north,))

    listed = await api.client.get("/children", headers=amy)

    assert listed.json()["items"] == []
    assert await _seen_by(api, f"/children/{town.child}", amy) == [403]


async def test_a_childs_cases_are_listed_only_where_the_caller_may_see_them(api: Api, town: Town) -> None:
    lea = await _child(api, "C0008")
    earlier = await api.made(f"/children/{lea['id']}/cases", {"referral_date": "2023-03-01", "source": "school"})
    await api.made(
        f"/cases/{earlier['id']}/allocations",
        {"pod_id": town.south, "worker_id": town.workers["Cat"], "start_date": "2023-03-01"},
    )
    await api.made(f"/cases/{earlier['id']}/close", {"closed_on": "2023-08-01", "reason": "RC8"})
    later = await api.made(f"/children/{lea['id']}/cases", {**REFERRAL, "pod_id": town.north})
    amy, cat = api.headers("social_worker", pods=(town.north,)), api.headers("social_worker", pods=(town.south,))

    seen_by_amy = (await api.client.get(f"/children/{lea['id']}/cases", headers=amy)).json()
    seen_by_cat = (await api.client.get(f"/children/{lea['id']}/cases", headers=cat)).json()

    assert [c["id"] for c in seen_by_amy] == [later["id"]]
    assert [c["id"] for c in seen_by_cat] == [earlier["id"]]
