"""Who covers whom today, and a pod's plans to decide: the lists a pod board and a worker's home page read."""

from __future__ import annotations

from datetime import date, timedelta

from tests.api.allocation.conftest import TODAY, Api, Town


async def _cover_amy_by_ben(api: Api, town: Town, start: str = TODAY) -> str:
    sam = api.headers("senior_social_worker", pods=(town.north,))
    started = await api.client.post(
        f"/workers/{town.workers['Amy']}/covers",
        json={"covering_worker_id": town.workers["Ben"], "start_date": start, "reason": "leave"},
        headers=sam,
    )
    assert started.status_code == 201, started.text
    return str(started.json()["id"])


async def test_a_pods_covers_today_list_who_covers_whom(api: Api, town: Town) -> None:
    cover = await _cover_amy_by_ben(api, town)
    bo = api.headers("business_support", pods=(town.north,))

    listed = await api.client.get("/covers", params={"pod_id": town.north}, headers=bo)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    before = await api.client.get("/covers", params={"pod_id": town.north, "on": yesterday}, headers=bo)

    assert listed.status_code == 200
    assert [(c["id"], c["worker_id"], c["covering_worker_id"]) for c in listed.json()] == [
        (cover, town.workers["Amy"], town.workers["Ben"])
    ]
    assert before.json() == [], "a cover starting today is not active yesterday"


async def test_a_worker_sees_the_covers_of_their_own_cases_and_those_they_cover(api: Api, town: Town) -> None:
    await _cover_amy_by_ben(api, town)
    amy = api.headers("social_worker", pods=(town.north,), worker=town.workers["Amy"])
    ben = api.headers("social_worker", pods=(town.north,), worker=town.workers["Ben"])

    covered = (await api.client.get("/covers", params={"worker_id": town.workers["Amy"]}, headers=amy)).json()
    covering = (await api.client.get("/covers", params={"worker_id": town.workers["Ben"]}, headers=ben)).json()
    tia = await api.client.get("/covers", params={"worker_id": town.workers["Tia"]}, headers=amy)

    assert [c["covering_worker_id"] for c in covered] == [town.workers["Ben"]]
    assert [c["worker_id"] for c in covering] == [town.workers["Amy"]]
    assert tia.status_code == 200
    assert tia.json() == []


async def test_covers_of_another_pod_are_refused_naming_the_field(api: Api, town: Town) -> None:
    await _cover_amy_by_ben(api, town)
    cat = api.headers("social_worker", pods=(town.south,), worker=town.workers["Cat"])

    of_pod = await api.client.get("/covers", params={"pod_id": town.north}, headers=cat)
    of_worker = await api.client.get("/covers", params={"worker_id": town.workers["Amy"]}, headers=cat)
    of_nobody = await api.client.get("/covers", headers=cat)

    assert (of_pod.status_code, of_pod.json()["errors"][0]["field"]) == (403, "pod_id")
    assert (of_worker.status_code, of_worker.json()["errors"][0]["field"]) == (403, "worker_id")
    assert (of_nobody.status_code, of_nobody.json()["errors"][0]["field"]) == (422, "pod_id")


async def test_a_leavers_plan_is_listed_for_the_pod_manager_until_decided(api: Api, town: Town) -> None:
    nora = api.headers("pod_manager", pods=(town.north,))
    notice = (date.today() + timedelta(days=28)).isoformat()
    left = await api.client.post(
        f"/workers/{town.workers['Amy']}/memberships/{town.memberships['Amy']}/end",
        json={"end_date": notice},
        headers=nora,
    )
    plan = left.json()["plan"]

    proposed = (await api.client.get("/rebalancing-plans", params={"pod_id": town.north}, headers=nora)).json()
    rejected = await api.client.post(f"/rebalancing-plans/{plan['id']}/reject", json={"note": "no"}, headers=nora)
    still = await api.client.get("/rebalancing-plans", params={"pod_id": town.north, "state": "proposed"}, headers=nora)

    assert [(p["id"], p["kind"], p["worker_id"]) for p in proposed] == [(plan["id"], "leaver", town.workers["Amy"])]
    assert [m["child_id"] for m in proposed[0]["moves"]] == [town.child]
    assert rejected.status_code == 200
    assert still.json() == []


async def test_plans_of_another_pod_or_of_no_pod_are_refused_naming_the_field(api: Api, town: Town) -> None:
    sol = api.headers("pod_manager", pods=(town.south,))
    amy = api.headers("social_worker", pods=(town.north,), worker=town.workers["Amy"])

    other = await api.client.get("/rebalancing-plans", params={"pod_id": town.north}, headers=sol)
    unnamed = await api.client.get("/rebalancing-plans", headers=sol)
    worker = await api.client.get("/rebalancing-plans", params={"pod_id": town.north}, headers=amy)
    everywhere = await api.client.get("/rebalancing-plans", headers=api.head)

    assert (other.status_code, other.json()["errors"][0]["field"]) == (403, "pod_id")
    assert (unnamed.status_code, unnamed.json()["errors"][0]["field"]) == (422, "pod_id")
    assert worker.status_code == 403, "plans are for pod managers and heads of service"
    assert everywhere.status_code == 200
