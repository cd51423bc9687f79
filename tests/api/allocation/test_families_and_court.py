from __future__ import annotations

from datetime import date, timedelta

from tests.api.allocation.conftest import Api, Town


async def test_a_sibling_is_registered_into_the_family_and_listed_with_it(api: Api, town: Town) -> None:
    zoe = (await api.client.get(f"/children/{town.child}", headers=api.head)).json()
    front_door = api.headers("system", subject="front-door")

    kai = await api.client.post(
        "/children",
        json={
            "la_child_id": "C0002",
            "given_name": "Kai",
            "family_name": "Reed",
            "date_of_birth": "2016-07-01",
            "sex": "M",
            "family_id": zoe["family_id"],
        },
        headers=front_door,
    )
    family = await api.client.get("/children", params={"family_id": zoe["family_id"]}, headers=api.head)

    assert zoe["family_id"] == town.child
    assert kai.status_code == 201
    assert kai.json()["family_id"] == zoe["family_id"]
    assert sorted(child["la_child_id"] for child in family.json()["items"]) == ["C0001", "C0002"]


async def test_an_unknown_family_is_a_422_naming_family_id(api: Api, town: Town) -> None:
    response = await api.client.put(
        f"/children/{town.child}/family", json={"family_id": "7d7c1a56-1d1e-4a44-9a38-7b0c1f7a2e10"}, headers=api.head
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["family_id"]


async def test_a_pod_manager_of_another_pod_cannot_move_the_child_between_families(api: Api, town: Town) -> None:
    sol = api.headers("pod_manager", pods=(town.south,))

    response = await api.client.put(f"/children/{town.child}/family", json={"family_id": None}, headers=sol)

    assert response.status_code == 403


async def test_court_proceedings_start_weigh_in_the_caseload_and_end(api: Api, town: Town) -> None:
    nora = api.headers("pod_manager", pods=(town.north,))
    amy = api.headers("social_worker", pods=(town.north,), worker=town.workers["Amy"])
    before = (await api.client.get(f"/workers/{town.workers['Amy']}/caseload", headers=amy)).json()

    started = await api.client.post(
        f"/cases/{town.case}/court-proceedings", json={"start_date": "2024-02-01"}, headers=nora
    )
    twice = await api.client.post(
        f"/cases/{town.case}/court-proceedings", json={"start_date": "2024-03-01"}, headers=nora
    )
    during = (await api.client.get(f"/workers/{town.workers['Amy']}/caseload", headers=amy)).json()
    ended = await api.client.post(
        f"{started.headers['location'].removeprefix('/allocation/v1')}/end",
        json={"end_date": "2024-08-30"},
        headers=nora,
    )
    listed = await api.client.get(f"/cases/{town.case}/court-proceedings", headers=amy)

    assert started.status_code == 201
    assert twice.status_code == 409
    assert (before["points"], during["points"]) == (1.5, 2.0)
    assert during["cases"][0]["in_court"] is True
    assert ended.status_code == 200
    assert ended.json()["end_date"] == "2024-08-30"
    assert [(p["start_date"], p["end_date"]) for p in listed.json()] == [("2024-02-01", "2024-08-30")]


async def test_future_proceedings_are_a_422_naming_start_date(api: Api, town: Town) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()

    response = await api.client.post(
        f"/cases/{town.case}/court-proceedings", json={"start_date": tomorrow}, headers=api.head
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["start_date"]


async def test_a_pods_children_are_listed_by_pod_and_only_within_the_callers_pods(api: Api, town: Town) -> None:
    nora = api.headers("pod_manager", pods=(town.north,))
    sol = api.headers("pod_manager", pods=(town.south,))

    north = await api.client.get("/children", params={"pod_id": town.north}, headers=api.head)
    south = await api.client.get("/children", params={"pod_id": town.south}, headers=api.head)
    own = await api.client.get("/children", params={"pod_id": town.north}, headers=nora)
    other = await api.client.get("/children", params={"pod_id": town.north}, headers=sol)
    bad = await api.client.get("/children", params={"pod_id": "north"}, headers=api.head)

    assert [c["id"] for c in north.json()["items"]] == [town.child]
    assert south.json()["items"] == []
    assert [c["id"] for c in own.json()["items"]] == [town.child]
    assert other.json()["items"] == [], "another pod's children stay out of sight"
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["query.pod_id"]
