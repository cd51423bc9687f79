"""A story longer than a page, read page by page through the cursor, is the whole story in order: the written and
automatic parts interleave on equal dates, and what the reader may not see (another author's draft, an entry
entered in error) never leaves a page short. On SQLite and, marked infra, on PostgreSQL (whose plan walks each
part's index and stops at the page)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.records.conftest import OPENED, Api, Town

# Three days, two of them the day amy's case opened (the day of her automatic entries), each with several entries.
DAYS = (OPENED.isoformat(), OPENED.isoformat(), "2024-02-02", "2024-02-02", "2024-02-02", OPENED.isoformat())


async def _pages(town: Town, limit: int, **params: Any) -> list[list[dict[str, Any]]]:
    pages: list[list[dict[str, Any]]] = []
    cursor: str | None = None
    while True:
        response = await town.api.client.get(
            f"/children/{town.id('amy')}/story",
            params={"limit": limit, **params} | ({"cursor": cursor} if cursor else {}),
            headers=town.ann(),
        )
        assert response.status_code == 200, response.text
        pages.append(response.json()["items"])
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return pages


async def _written_around_the_automatic_entries(api: Api, town: Town) -> set[str]:
    """Notes on the days above, ann's own draft, and what ann may not see on the same days: its ids."""
    shown: set[str] = set()
    for n, day in enumerate(DAYS):
        created = await api.client.post(
            "/entries", json=town.note(occurred_on=day, title=f"Note {n}"), headers=town.ann()
        )
        assert created.status_code == 201, created.text
        shown.add(created.json()["id"])
    draft = await api.client.post("/entries", json=town.note(occurred_on=DAYS[0], status="draft"), headers=town.ann())
    shown.add(draft.json()["id"])
    carol = api.headers("social_worker", pods=(town.north,), subject="carol")
    for day in DAYS[:3]:
        hidden = await api.client.post("/entries", json=town.note(occurred_on=day, status="draft"), headers=carol)
        assert hidden.status_code == 201, hidden.text
        wrong = await api.client.post("/entries", json=town.note(occurred_on=day), headers=town.ann())
        marked = await api.client.post(
            f"/entries/{wrong.json()['id']}/entered-in-error", json={"reason": "wrong child"}, headers=town.ann()
        )
        assert marked.status_code == 200, marked.text
    return shown


async def _pages_are_the_whole_story(api: Api, town: Town) -> None:
    written = await _written_around_the_automatic_entries(api, town)
    [whole] = await _pages(town, 200)
    automatic = [i for i in whole if i["source"] == "automatic"]
    assert {i["id"] for i in whole if i["source"] == "written"} == written
    assert len([i for i in automatic if i["occurred_on"] == OPENED.isoformat()]) >= 2
    order = [(i["occurred_on"], i["recorded_at"]) for i in whole]
    assert order == sorted(order, reverse=True)

    for limit in (1, 2, 3, 5):
        pages = await _pages(town, limit)
        assert [len(page) for page in pages[:-1]] == [limit] * (len(pages) - 1)
        assert 1 <= len(pages[-1]) <= limit
        assert [i["id"] for page in pages for i in page] == [i["id"] for i in whole]

    notes = await _pages(town, 2, type="note")
    assert [i["id"] for page in notes for i in page] == [i["id"] for i in whole if i["entry_type"] == "note"]


async def test_a_long_story_pages_across_both_parts_on_equal_dates(api: Api, town: Town) -> None:
    await _pages_are_the_whole_story(api, town)


@pytest.mark.infra
async def test_a_long_story_pages_across_both_parts_on_equal_dates_on_postgresql(pg_api: Api, pg_town: Town) -> None:
    await _pages_are_the_whole_story(pg_api, pg_town)
