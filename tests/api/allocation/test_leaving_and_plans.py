from __future__ import annotations

from tests.api.allocation.conftest import TODAY, Api, Town


async def test_ending_a_leavers_last_membership_returns_a_plan_and_the_case_stays_until_applied(
    api: Api, town: Town
) -> None:
    nora = api.headers("pod_manager", pods=(town.north,))

    response = await api.client.post(
        f"/workers/{town.workers['Amy']}/memberships/{town.memberships['Amy']}/end",
        json={"end_date": TODAY},
        headers=nora,
    )

    assert response.status_code == 200
    body = response.json()
    assert body["membership"]["end_date"] == TODAY
    plan = body["plan"]
    assert (plan["kind"], plan["state"], plan["worker_id"]) == ("leaver", "proposed", town.workers["Amy"])
    [move] = plan["moves"]
    assert move["case_id"] == town.case
    assert move["reason"] == "LEFTRL"
    assert move["continuity"]["nth_worker"] == "2nd"
    history = (await api.client.get(f"/cases/{town.case}/allocations", headers=nora)).json()
    assert [a["worker_id"] for a in history if a["end_date"] is None] == [town.workers["Amy"]]

    fetched = await api.client.get(f"/rebalancing-plans/{plan['id']}", headers=nora)
    assert fetched.json() == plan

    applied = await api.client.post(
        f"/rebalancing-plans/{plan['id']}/apply", json={"effective_date": TODAY, "note": "agreed"}, headers=nora
    )
    assert applied.status_code == 200
    assert applied.json()["state"] == "applied"
    history = (await api.client.get(f"/cases/{town.case}/allocations", headers=nora)).json()
    assert [(a["worker_id"], a["start_reason"]) for a in history if a["end_date"] is None] == [
        (move["to_worker_id"], "LEFTRL")
    ]

    again = await api.client.post(f"/rebalancing-plans/{plan['id']}/reject", json={}, headers=nora)
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"


async def test_a_plan_with_a_future_effective_date_is_refused_naming_the_field(api: Api, town: Town) -> None:
    leaving = await api.made(
        f"/workers/{town.workers['Amy']}/memberships/{town.memberships['Amy']}/end", {"end_date": TODAY}
    )

    response = await api.client.post(
        f"/rebalancing-plans/{leaving['plan']['id']}/apply", json={"effective_date": "2999-01-01"}, headers=api.head
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "effective_date"


async def test_ending_a_membership_twice_is_a_conflict_and_an_unknown_one_is_not_found(api: Api, town: Town) -> None:
    path = f"/workers/{town.workers['Ben']}/memberships/{town.memberships['Ben']}/end"
    await api.made(path, {"end_date": TODAY})

    twice = await api.client.post(path, json={"end_date": TODAY}, headers=api.head)
    unknown = await api.client.post(
        f"/workers/{town.workers['Ben']}/memberships/{town.memberships['Amy']}/end",
        json={"end_date": TODAY},
        headers=api.head,
    )
    backwards = await api.client.post(
        f"/workers/{town.workers['Amy']}/memberships/{town.memberships['Amy']}/end",
        json={"end_date": "2020-01-01"},
        headers=api.head,
    )

    assert (twice.status_code, unknown.status_code, backwards.status_code) == (409, 404, 422)
    assert backwards.json()["errors"][0]["field"] == "end_date"


async def test_recalibration_proposes_a_plan_and_a_pod_manager_cannot_rebalance_across_pods(
    api: Api, town: Town
) -> None:
    nora = api.headers("pod_manager", pods=(town.north,))

    mine = await api.client.post(f"/pods/{town.north}/recalibration", json={}, headers=nora)
    across = await api.client.post(f"/pods/{town.north}/recalibration", json={"across_pods": True}, headers=nora)
    by_head = await api.client.post(f"/pods/{town.north}/recalibration", json={"across_pods": True}, headers=api.head)

    assert mine.status_code == 201
    assert mine.headers["location"] == f"/allocation/v1/rebalancing-plans/{mine.json()['id']}"
    assert (mine.json()["kind"], mine.json()["moves"]) == ("recalibration", [])
    assert across.status_code == 403
    assert across.json()["errors"][0]["field"] == "across_pods"
    assert by_head.status_code == 201
    plan_across = by_head.json()["id"]
    assert (await api.client.get(f"/rebalancing-plans/{plan_across}", headers=nora)).status_code == 403
