"""Compliments over HTTP: recorded by the feedback team or the pod's own people, seen by the pod they commend."""

from __future__ import annotations

from tests.api.feedback.conftest import Api, Town


def _for_amy(town: Town) -> dict[str, object]:
    return {
        "received_on": "2026-02-03",
        "from_relation": "parent",
        "worker_ids": [town.workers["Amy"]],
        "themes": ["continuity"],
        "summary": "Amy has stayed with us through everything.",
    }


async def test_business_support_records_a_compliment_for_their_own_pod_not_another(api: Api, town: Town) -> None:
    own = await api.post("/compliments", _for_amy(town), api.headers("business_support", pods=(town.north,)))
    other = await api.post(
        "/compliments",
        {**_for_amy(town), "worker_ids": [town.workers["Cat"]]},
        api.headers("business_support", pods=(town.north,)),
    )

    assert own.status_code == 201, own.text
    assert own.json()["pod_id"] == town.north
    assert own.headers["location"] == f"/feedback/v1/compliments/{own.json()['id']}"
    assert other.status_code == 403


async def test_a_pod_sees_its_own_compliments_and_the_feedback_team_sees_all(api: Api, town: Town) -> None:
    amy = await api.made("/compliments", _for_amy(town))
    cat = await api.made("/compliments", {**_for_amy(town), "worker_ids": [town.workers["Cat"]]})

    north = await api.get("/compliments", api.headers("social_worker", pods=(town.north,)))
    everyone = await api.get("/compliments")
    by_worker = await api.get("/compliments", worker_id=town.workers["Cat"])
    elsewhere = await api.get(f"/compliments/{cat['id']}", api.headers("social_worker", pods=(town.north,)))

    assert [c["id"] for c in north.json()["items"]] == [amy["id"]]
    assert {c["id"] for c in everyone.json()["items"]} == {amy["id"], cat["id"]}
    assert [c["id"] for c in by_worker.json()["items"]] == [cat["id"]]
    assert elsewhere.status_code == 403


async def test_a_compliment_for_nobody_known_is_refused_naming_the_field(api: Api, town: Town) -> None:
    response = await api.post("/compliments", {**_for_amy(town), "worker_ids": [town.zoe]})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "worker_ids.0"
