"""Search over HTTP, on SQLite (FTS5) and PostgreSQL (tsvector): ranked, highlighted, stemmed, only over the stories
the caller may see, never drafts nor entries entered in error; supervision decisions are found too."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from services.records.settings import records_settings
from tests.api.records.conftest import Api, Town
from tests.handlers.records.deliveries import decision


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.infra)])
def searched(request: pytest.FixtureRequest) -> tuple[Api, Town]:
    if request.param == "sqlite":
        return request.getfixturevalue("api"), request.getfixturevalue("town")
    return request.getfixturevalue("pg_api"), request.getfixturevalue("pg_town")


async def _search(api: Api, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = await api.client.get("/search", params=params, headers=headers)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def _write(api: Api, town: Town, body: dict[str, Any], headers: dict[str, str] | None = None) -> str:
    response = await api.client.post("/entries", json=body, headers=headers or town.ann())
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_search_ranks_and_highlights_stemmed_matches(searched: tuple[Api, Town]) -> None:
    api, town = searched
    nursery = await _write(api, town, town.note(title="Nursery visit", text="Ben visited the nursery with his mother."))
    school = await _write(api, town, town.note(text="Amy's school reports she is settled; the nursery is nearby."))

    found = await _search(api, town.ann(), q="nurseries visits")

    assert [hit["id"] for hit in found["items"]] == [nursery]
    hit = found["items"][0]
    assert "<mark>" in hit["highlight"]
    assert hit["child_ids"] == [str(town.id("amy"))]
    assert hit["title"] == "Nursery visit"
    assert school not in [h["id"] for h in (await _search(api, town.ann(), q="nursery -school"))["items"]]


async def test_a_title_match_ranks_above_a_match_in_the_text(searched: tuple[Api, Town]) -> None:
    api, town = searched
    in_text = await _write(api, town, town.note(title="Call", text="Dentist appointment missed."))
    in_title = await _write(api, town, town.note(title="Dentist", text="Appointment kept."))

    found = await _search(api, town.ann(), q="dentist")

    assert [hit["id"] for hit in found["items"]] == [in_title, in_text]


async def test_search_finds_only_what_the_caller_may_see(searched: tuple[Api, Town]) -> None:
    api, town = searched
    head = api.headers("head_of_service", subject="head")
    bob = api.headers("social_worker", pods=(town.south,), worker=town.id("bob"), subject="bob")
    await _write(api, town, town.note("cat", text="Cat's placement is stable; she loves her pony."), head)
    await _write(api, town, town.note(text="Amy talked about a pony at the farm."))

    assert len((await _search(api, bob, q="pony"))["items"]) == 1
    assert len((await _search(api, town.ann(), q="pony"))["items"]) == 1
    assert len((await _search(api, head, q="pony"))["items"]) == 2
    refused = await api.client.get("/search", params={"q": "pony", "child_id": str(town.id("cat"))}, headers=town.ann())
    assert refused.status_code == 403


async def test_drafts_and_entries_in_error_are_never_found(searched: tuple[Api, Town]) -> None:
    api, town = searched
    await _write(api, town, town.note(status="draft", text="Trampoline in the garden."))
    wrong = await _write(api, town, town.note(text="Trampoline broken."))
    await api.client.post(f"/entries/{wrong}/entered-in-error", json={"reason": "wrong family"}, headers=town.ann())
    auditor = api.headers("auditor", subject="auditor")

    assert (await _search(api, auditor, q="trampoline"))["items"] == []


async def test_appendments_and_summary_sections_are_searched(searched: tuple[Api, Town]) -> None:
    api, town = searched
    entry = await _write(api, town, town.note(text="Call from school."))
    await api.client.post(
        f"/entries/{entry}/appendments", json={"text": "Grandmother will collect."}, headers=town.ann()
    )

    found = await _search(api, town.ann(), q="grandmother")

    assert [h["id"] for h in found["items"]] == [entry]


async def test_a_supervision_decision_is_found_in_the_childs_story(searched: tuple[Api, Town]) -> None:
    api, town = searched
    await api.deliver(decision(town.facts, "amy", date(2024, 2, 8), "Convene a child protection conference."))

    found = await _search(api, town.ann(), q="conference", child_id=str(town.id("amy")))

    assert [(h["source"], h["entry_type"]) for h in found["items"]] == [("automatic", "supervision_decision")]
    assert found["items"][0]["title"] == "Decision in group supervision"


async def test_what_is_typed_never_breaks_the_search(searched: tuple[Api, Town]) -> None:
    api, town = searched
    await _write(api, town, town.note(text='Amy said "I\'m OK" (mostly).'))

    for typed in ['"', "-", "OR", "a AND (b", "NEAR(x y)", "*", "'; drop table entries; --", "ok)"]:
        response = await api.client.get("/search", params={"q": typed}, headers=town.ann())
        assert response.status_code == 200, f"{typed!r}: {response.status_code} {response.text}"


async def test_search_pages_by_cursor(searched: tuple[Api, Town]) -> None:
    api, town = searched
    for n in range(5):
        await _write(api, town, town.note(text=f"Contact session number {n}."))

    first = await _search(api, town.ann(), q="contact", limit=3)
    second = await _search(api, town.ann(), q="contact", limit=3, cursor=first["next_cursor"])

    assert len({h["id"] for h in first["items"] + second["items"]}) == 5
    assert second["next_cursor"] is None


@pytest.fixture
def ten_ranked(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A bound of 10 ranked matches (the least allowed), so a handful of entries goes beyond it."""
    monkeypatch.setenv("CONTINUUM_RECORDS_SEARCH_RANKED_MATCHES", "10")
    records_settings.cache_clear()
    yield 10
    records_settings.cache_clear()


async def test_only_the_newest_matches_are_ranked_and_the_rest_are_reached_by_narrowing(
    searched: tuple[Api, Town], ten_ranked: int
) -> None:
    api, town = searched
    days = [date(2024, 2, 1) + timedelta(days=n) for n in range(ten_ranked + 3)]
    written = {
        day: await _write(api, town, town.note(occurred_on=day.isoformat(), text="Contact at the centre."))
        for day in days
    }
    newest = [written[day] for day in sorted(days, reverse=True)]

    found = await _search(api, town.ann(), q="contact", limit=50)

    assert [h["id"] for h in found["items"]] == newest[:ten_ranked]
    assert found["older_matches"] is True
    assert found["next_cursor"] is None
    pages, cursor = [], None
    while True:
        page = await _search(api, town.ann(), q="contact", limit=4, **({"cursor": cursor} if cursor else {}))
        pages += [h["id"] for h in page["items"]]
        if (cursor := page["next_cursor"]) is None:
            break
    assert pages == newest[:ten_ranked]
    older = await _search(api, town.ann(), q="contact", to=days[2].isoformat())
    assert [h["id"] for h in older["items"]] == newest[ten_ranked:]
    assert older["older_matches"] is False


async def test_a_better_match_ranks_first_among_the_newest_only(searched: tuple[Api, Town], ten_ranked: int) -> None:
    api, town = searched
    for n in range(ten_ranked + 2):
        await _write(api, town, town.note(occurred_on=f"2024-03-{n + 1:02d}", text="Contact at the centre."))
    newer = await _write(api, town, town.note(occurred_on="2024-03-05", title="Contact", text="Contact went well."))
    older = await _write(api, town, town.note(occurred_on="2024-02-20", title="Contact", text="Contact went well."))

    found = await _search(api, town.ann(), q="contact", limit=50)

    assert found["items"][0]["id"] == newer
    assert older not in [h["id"] for h in found["items"]]
    assert len(found["items"]) == ten_ranked
