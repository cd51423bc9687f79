"""Visit clocks over HTTP: a sibling visit restarts each seen child's clock; an unsuccessful visit, a child not seen
and a visit entered in error never do; a pod lists who is due and who is overdue."""

from __future__ import annotations

from typing import Any

from tests.api.records.conftest import Api, Town


async def _clock(town: Town, child: str, as_at: str) -> dict[str, Any]:
    response = await town.api.client.get(
        f"/children/{town.id(child)}/visits", params={"as_at": as_at}, headers=town.ann()
    )
    assert response.status_code == 200, response.text
    clock: dict[str, Any] = response.json()
    return clock


async def test_a_sibling_visit_restarts_each_seen_childs_clock_by_their_own_status(api: Api, town: Town) -> None:
    await api.client.post("/entries", json=town.visit(occurred_on="2024-03-01"), headers=town.ann())

    amy, ben = await _clock(town, "amy", "2024-03-04"), await _clock(town, "ben", "2024-03-04")

    assert (amy["last_seen"], amy["last_seen_alone"], amy["next_due"]) == ("2024-03-01", "2024-03-01", "2024-03-15")
    assert [(c["status"], c["interval"]) for c in amy["clocks"]] == [("CP", "every 10 working days")]
    # 20 working days for a child in need, Good Friday and Easter Monday (29 March, 1 April 2024) not among them.
    assert (ben["last_seen"], ben["last_seen_alone"], ben["next_due"]) == ("2024-03-01", None, "2024-04-02")
    assert [v["visit_kind"] for v in amy["visits"]] == ["home"]


async def test_an_unsuccessful_visit_never_resets_the_clock_and_the_child_goes_overdue(api: Api, town: Town) -> None:
    await api.client.post("/entries", json=town.visit(occurred_on="2024-03-01"), headers=town.ann())
    nobody_in = town.visit(
        occurred_on="2024-03-14",
        visit_kind="unsuccessful",
        text="Nobody answered; left a card.",
        children=[
            {"child_id": str(town.id("amy")), "seen": False, "seen_alone": False, "not_seen_reason": "nobody in"}
        ],
    )
    assert (await api.client.post("/entries", json=nobody_in, headers=town.ann())).status_code == 201

    amy = await _clock(town, "amy", "2024-03-18")

    assert (amy["last_seen"], amy["next_due"], amy["overdue"]) == ("2024-03-01", "2024-03-15", True)
    assert amy["clocks"][0]["days_overdue"] == 3


async def test_a_visit_entered_in_error_no_longer_counts(api: Api, town: Town) -> None:
    entry = (await api.client.post("/entries", json=town.visit(occurred_on="2024-03-01"), headers=town.ann())).json()
    await api.client.post(f"/entries/{entry['id']}/entered-in-error", json={"reason": "wrong date"}, headers=town.ann())

    assert (await _clock(town, "amy", "2024-03-04"))["last_seen"] is None


async def test_a_pod_lists_its_childrens_clocks_soonest_due_first_and_its_overdue(api: Api, town: Town) -> None:
    await api.client.post("/entries", json=town.visit(occurred_on="2024-03-01"), headers=town.ann())
    manager = town.as_role("pod_manager")

    every = await api.client.get(f"/pods/{town.north}/visits", params={"as_at": "2024-03-20"}, headers=manager)
    overdue = await api.client.get(
        f"/pods/{town.north}/visits", params={"as_at": "2024-03-20", "overdue": "true"}, headers=manager
    )
    other = await api.client.get(f"/pods/{town.south}/visits", headers=manager)

    assert [(c["child_id"], c["overdue"]) for c in every.json()["children"]] == [
        (str(town.id("amy")), True),
        (str(town.id("ben")), False),
    ]
    assert [c["child_id"] for c in overdue.json()["children"]] == [str(town.id("amy"))]
    assert other.status_code == 403
