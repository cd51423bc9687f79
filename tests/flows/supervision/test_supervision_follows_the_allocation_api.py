"""Allocation and supervision in one process, as `make run` serves them: what happens to a case through the
allocation API reaches the supervision agenda through the embedded event log, with nobody typing it twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.api.supervision.conftest import Platform, Town, build_town, running_platform
from tests.api.supervision.steps import Nora


@pytest.fixture
async def continuum(tmp_path: Path) -> AsyncIterator[tuple[Platform, Town]]:
    async with running_platform(tmp_path) as platform:
        yield platform, await build_town(platform)


def _reasons(agenda: dict[str, object], child_id: str) -> list[str] | None:
    items = agenda["items"]
    assert isinstance(items, list)
    item = next((item for item in items if item["child_id"] == child_id), None)
    return None if item is None else [reason["code"] for reason in item["reasons"]]


async def test_a_transfer_across_pods_moves_the_child_to_the_receiving_pods_agenda(
    continuum: tuple[Platform, Town],
) -> None:
    platform, town = continuum
    nora = Nora(platform, town)
    session = await nora.held_session("2024-03-05")
    await nora.discuss(session, "Zoe")
    await nora.sign_off(session)
    sol = platform.headers("pod_manager", pods=(town.south,), subject="sol")

    transfer = {"to_worker_id": town.workers["Cat"], "reason": "MANAGE", "effective_date": "2024-03-11"}
    await platform.allocated(f"/cases/{town.cases['Zoe']}/transfers", transfer)
    await platform.settled()

    south = (
        await platform.client.get(f"/supervision/v1/pods/{town.south}/agenda?as_at=2024-03-12", headers=sol)
    ).json()
    north = await nora.ok("GET", f"/pods/{town.north}/agenda", as_at="2024-03-12")
    assert _reasons(south, town.children["Zoe"]) == ["transferred_in"]
    assert _reasons(north, town.children["Zoe"]) is None, "North no longer holds Zoe's case"
    history = await platform.client.get(f"/supervision/v1/children/{town.children['Zoe']}/decisions", headers=sol)
    assert [d["discussed_on"] for d in history.json()["items"]] == ["2024-03-05"], "her history goes with her"


async def test_a_new_child_protection_plan_brings_the_child_back_before_due(continuum: tuple[Platform, Town]) -> None:
    platform, town = continuum
    nora = Nora(platform, town)
    session = await nora.held_session("2024-03-05", "Ben")
    await nora.discuss(session, "Max", "Mia")
    await nora.sign_off(session)

    plan = {"kind": "CP", "start_date": "2024-03-08", "cp_category": "EMO"}
    await platform.allocated(f"/cases/{town.cases['Mia']}/statuses", plan)
    await platform.settled()

    agenda = await nora.ok("GET", f"/pods/{town.north}/agenda", as_at="2024-03-12")
    assert _reasons(agenda, town.children["Mia"]) == ["status_started"]
    assert _reasons(agenda, town.children["Max"]) is None, "discussed a week ago, nothing new"
    mia = next(item for item in agenda["items"] if item["child_id"] == town.children["Mia"])
    assert (mia["statuses"], mia["interval_weeks"]) == (["CIN", "CP"], 4)


async def test_a_case_closed_through_allocation_leaves_the_agenda_and_cannot_be_discussed(
    continuum: tuple[Platform, Town],
) -> None:
    platform, town = continuum
    nora = Nora(platform, town)
    await platform.allocated(f"/cases/{town.cases['Zoe']}/close", {"closed_on": "2024-03-01", "reason": "RC8"})
    await platform.settled()

    agenda = await nora.ok("GET", f"/pods/{town.north}/agenda", as_at="2024-03-05")
    session = await nora.held_session("2024-03-05")
    refused = await nora.call("POST", f"/sessions/{session['id']}/discussions", nora.discussion("Zoe"))

    assert _reasons(agenda, town.children["Zoe"]) is None
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "children.0.child_id"
