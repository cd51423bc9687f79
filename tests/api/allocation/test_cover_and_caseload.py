from __future__ import annotations

from datetime import date, timedelta

from tests.api.allocation.conftest import TODAY, Api, Town


async def test_a_cover_changes_who_to_call_today_and_ends_by_hand(api: Api, town: Town) -> None:
    sam = api.headers("senior_social_worker", pods=(town.north,))
    bo = api.headers("business_support", pods=(town.north,))

    started = await api.client.post(
        f"/workers/{town.workers['Amy']}/covers",
        json={"covering_worker_id": town.workers["Ben"], "start_date": TODAY, "reason": "sickness"},
        headers=sam,
    )
    during = (await api.client.get(f"/cases/{town.case}/contact", headers=bo)).json()
    ended = await api.client.post(f"/covers/{started.json()['id']}/end", json={"end_date": TODAY}, headers=sam)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    after = (await api.client.get(f"/cases/{town.case}/contact", params={"on": tomorrow}, headers=bo)).json()

    assert started.status_code == 201
    assert started.headers["location"] == f"/allocation/v1/covers/{started.json()['id']}"
    assert (during["allocated_worker"]["name"], during["contact"]["name"]) == ("Amy", "Ben")
    assert during["summary"] == "call Ben, covering for Amy (sickness)"
    assert ended.json()["end_date"] == TODAY
    assert (after["contact"]["name"], after["cover"]) == ("Amy", None)
    history = (await api.client.get(f"/cases/{town.case}/allocations", headers=sam)).json()
    assert [a["worker_id"] for a in history] == [town.workers["Amy"]], "cover is never a change of worker"


async def test_a_case_cover_by_a_worker_of_another_pod_is_refused_naming_the_field(api: Api, town: Town) -> None:
    response = await api.client.post(
        f"/cases/{town.case}/covers",
        json={"covering_worker_id": town.workers["Cat"], "start_date": TODAY, "reason": "court"},
        headers=api.head,
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == [{"field": "covering_worker_id", "message": response.json()["detail"]}]


async def test_an_unknown_cover_reason_is_a_422_naming_reason(api: Api, town: Town) -> None:
    response = await api.client.post(
        f"/cases/{town.case}/covers",
        json={"covering_worker_id": town.workers["Ben"], "start_date": TODAY, "reason": "holiday"},
        headers=api.head,
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["reason"]


async def test_a_worker_reads_their_own_caseload_with_counts_points_and_the_as_at_used(api: Api, town: Town) -> None:
    amy = api.headers("social_worker", pods=(town.north,), worker=town.workers["Amy"])
    ben = api.headers("social_worker", pods=(town.north,), worker=town.workers["Ben"])

    own = await api.client.get(f"/workers/{town.workers['Amy']}/caseload", headers=amy)
    before = await api.client.get(
        f"/workers/{town.workers['Amy']}/caseload", params={"as_at": "2024-01-07"}, headers=amy
    )
    colleagues = await api.client.get(f"/workers/{town.workers['Amy']}/caseload", headers=ben)

    assert own.status_code == 200
    body = own.json()
    assert (body["as_at"], body["count"], body["points"], body["capacity"]) == (TODAY, 1, 1.5, 18.0)
    assert body["cases"][0]["status_kinds"] == ["CLA"]
    assert body["cases"][0]["child_name"] == "Zoe Reed"
    assert (before.json()["as_at"], before.json()["count"]) == ("2024-01-07", 0)
    assert colleagues.status_code == 403


async def test_a_pods_composition_says_what_is_missing_as_at_a_date(api: Api, town: Town) -> None:
    south = await api.client.get(f"/pods/{town.south}/composition", headers=api.head)
    early = await api.client.get(f"/pods/{town.north}/composition", params={"as_at": "2022-06-01"}, headers=api.head)
    unknown = await api.client.get(f"/pods/{town.case}/composition", headers=api.head)

    assert south.status_code == 200
    assert south.json()["in_shape"] is False
    assert {gap["role"] for gap in south.json()["missing"]} == {"social_worker_in_training", "business_support"}
    assert early.json()["members"] == []
    assert unknown.status_code == 404
