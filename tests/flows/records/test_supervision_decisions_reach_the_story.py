"""Allocation, supervision and records in one process: a decision signed off in group supervision lands in each
discussed child's one story by itself, as an automatic entry nobody typed twice; a sibling group's discussion
lands in every sibling's story, and a child not discussed gets nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from demo import caught_up
from services.records.service import service as records
from tests.api.supervision.conftest import Platform, Town, build_town, running_platform
from tests.api.supervision.steps import DECISION, Nora


@pytest.fixture
async def continuum(tmp_path: Path) -> AsyncIterator[tuple[Platform, Town]]:
    async with running_platform(tmp_path, also=(records,)) as platform:
        yield platform, await build_town(platform)


async def _decisions_in_story(platform: Platform, town: Town, child: str) -> list[dict[str, Any]]:
    headers = platform.headers("head_of_service", subject="head")
    response = await platform.client.get(
        f"/records/v1/children/{town.children[child]}/story",
        params={"type": "supervision_decision"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return [item for item in response.json()["items"] if item["entry_type"] == "supervision_decision"]


async def test_a_signed_off_decision_lands_in_each_discussed_childs_story(continuum: tuple[Platform, Town]) -> None:
    platform, town = continuum
    nora = Nora(platform, town)
    session = await nora.held_session("2024-03-05", "Amy")
    await nora.discuss(session, "Max", "Mia")
    await platform.settled()
    records_runtime = platform.others["records"]
    await caught_up(platform.supervision, records_runtime, timeout=60)
    assert await _decisions_in_story(platform, town, "Max") == [], "a discussion not yet signed off is not a decision"

    await nora.sign_off(session)
    await caught_up(platform.supervision, records_runtime, timeout=60)

    for child in ("Max", "Mia"):
        decisions = await _decisions_in_story(platform, town, child)
        assert len(decisions) == 1, f"{child}'s story: {decisions}"
        assert decisions[0]["source"] == "automatic"
        assert decisions[0]["occurred_on"] == "2024-03-05"
        assert DECISION in str(decisions[0]), "the decision's words are in the story"
    assert await _decisions_in_story(platform, town, "Zoe") == [], "Zoe was not discussed"
