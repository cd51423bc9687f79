"""Story entries over HTTP: written once for many, drafts edited with If-Match, completed entries only appended to,
mistakes entered in error and hidden; bad input is a 4xx naming the field, with nothing written."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.api.records.conftest import Api, Town


async def _story(town: Town, child: str, headers: dict[str, str] | None = None, **params: Any) -> list[dict[str, Any]]:
    response = await town.api.client.get(
        f"/children/{town.id(child)}/story", headers=headers or town.ann(), params=params
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_a_sibling_visit_is_written_once_and_shows_in_each_childs_story(api: Api, town: Town) -> None:
    response = await api.client.post("/entries", json=town.visit(), headers=town.ann())

    assert response.status_code == 201, response.text
    entry = response.json()
    assert response.headers["Location"] == f"/records/v1/entries/{entry['id']}"
    assert response.headers["ETag"] == f'"{entry["version"]}"'
    seen = {s["subject_id"]: (s["seen"], s["seen_alone"]) for s in entry["subjects"]}
    assert seen == {str(town.id("amy")): (True, True), str(town.id("ben")): (True, False)}
    for child in ("amy", "ben"):
        assert [i["id"] for i in await _story(town, child, type="visit")] == [entry["id"]]
    head = api.headers("head_of_service")
    assert await _story(town, "cat", head, type="visit") == []


async def test_the_story_mixes_what_people_wrote_with_the_automatic_chronology(api: Api, town: Town) -> None:
    await api.client.post("/entries", json=town.visit(), headers=town.ann())

    items = await _story(town, "amy")

    assert (items[0]["source"], items[0]["entry_type"]) == ("written", "visit")
    automatic = [i["title"] for i in items if i["source"] == "automatic"]
    assert "Allocated to a social worker in Pod North" in automatic
    assert "Child protection plan, Neglect (NEG): started" in automatic


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"children": [{"child_id": "{amy}", "seen": False, "seen_alone": True, "not_seen_reason": "x"}]},
            "children.0.seen_alone",
        ),
        ({"occurred_on": (date.today() + timedelta(days=1)).isoformat()}, "occurred_on"),
        ({"occurred_on": "2023-12-01"}, "occurred_on"),
        ({"entry_type": "diary"}, "entry_type"),
        ({"entry_type": "system"}, "entry_type"),
        ({"text": "x" * 20_001}, "text"),
        ({"visit_kind": "garden"}, "visit_kind"),
        ({"serves_status": "CLA"}, "serves_status"),
        ({"purpose": None}, "purpose"),
        ({"seen": True}, "seen"),
        ({"occurred_on": 20240201}, "occurred_on"),
        ({"children": [{"child_id": "{amy}", "seen": 1, "seen_alone": 1}]}, "children.0.seen"),
    ],
)
async def test_a_visit_that_is_wrong_is_refused_naming_the_field_and_nothing_is_written(
    api: Api, town: Town, change: dict[str, Any], field: str
) -> None:
    if "children" in change:
        change = {"children": [child | {"child_id": str(town.id("amy"))} for child in change["children"]]}
    before = await api.row_counts()

    response = await api.client.post("/entries", json=town.visit(**change), headers=town.ann())

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]
    assert await api.row_counts() == before


async def test_naming_a_child_the_caller_may_not_see_is_refused_naming_the_child(api: Api, town: Town) -> None:
    body = town.note(children=[{"child_id": str(town.id("amy"))}, {"child_id": str(town.id("cat"))}])
    before = await api.row_counts()

    response = await api.client.post("/entries", json=body, headers=town.ann())

    assert response.status_code == 403, response.text
    assert response.json()["errors"][0]["field"] == "children.1.child_id"
    assert await api.row_counts() == before


async def test_a_body_that_is_not_utf8_json_is_a_4xx(api: Api, town: Town) -> None:
    headers = town.ann() | {"Content-Type": "application/json"}

    response = await api.client.post("/entries", content=b'{"title": "\xff\xfe"}', headers=headers)

    assert 400 <= response.status_code < 500
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_draft_is_edited_by_its_author_with_if_match_and_a_stale_edit_gets_412(api: Api, town: Town) -> None:
    created = await api.client.post("/entries", json=town.note(status="draft"), headers=town.ann())
    entry, etag = created.json(), created.headers["ETag"]

    edited = await api.client.put(
        f"/entries/{entry['id']}",
        json=town.note(status="draft", title="Call from school (nurse)"),
        headers=town.ann() | {"If-Match": etag},
    )
    stale = await api.client.put(
        f"/entries/{entry['id']}", json=town.note(status="draft"), headers=town.ann() | {"If-Match": etag}
    )
    without = await api.client.put(f"/entries/{entry['id']}", json=town.note(status="draft"), headers=town.ann())
    someone_else = api.headers("social_worker", pods=(town.north,), subject="colleague")
    not_author = await api.client.put(
        f"/entries/{entry['id']}",
        json=town.note(status="draft"),
        headers=someone_else | {"If-Match": edited.headers["ETag"]},
    )

    assert edited.status_code == 200, edited.text
    assert edited.json()["title"] == "Call from school (nurse)"
    assert edited.headers["ETag"] != etag
    assert (stale.status_code, without.status_code, not_author.status_code) == (412, 428, 403)


async def test_a_completed_entry_is_append_only(api: Api, town: Town) -> None:
    draft = (await api.client.post("/entries", json=town.note(status="draft"), headers=town.ann())).json()
    on_draft = await api.client.post(f"/entries/{draft['id']}/appendments", json={"text": "more"}, headers=town.ann())
    completed = await api.client.post(f"/entries/{draft['id']}/complete", headers=town.ann())
    edit = await api.client.put(
        f"/entries/{draft['id']}", json=town.note(), headers=town.ann() | {"If-Match": completed.headers["ETag"]}
    )
    appended = await api.client.post(
        f"/entries/{draft['id']}/appendments", json={"text": "Mum rang."}, headers=town.ann()
    )
    read = await api.client.get(f"/entries/{draft['id']}", headers=town.ann())

    assert on_draft.status_code == 409
    assert completed.status_code == 200, completed.text
    assert completed.json()["status"] == "complete"
    assert edit.status_code == 409
    assert appended.status_code == 201
    assert [a["text"] for a in read.json()["appendments"]] == ["Mum rang."]
    assert read.json()["text"] == town.note()["text"], "the entry itself is unchanged"


async def test_an_entry_entered_in_error_leaves_the_story_and_stays_for_auditors(api: Api, town: Town) -> None:
    entry = (await api.client.post("/entries", json=town.note(), headers=town.ann())).json()

    marked = await api.client.post(
        f"/entries/{entry['id']}/entered-in-error", json={"reason": "wrong child"}, headers=town.ann()
    )
    auditor = api.headers("auditor", subject="auditor")

    assert marked.status_code == 200, marked.text
    assert marked.json()["entered_in_error"]["reason"] == "wrong child"
    assert entry["id"] not in [i["id"] for i in await _story(town, "amy")]
    assert entry["id"] in [i["id"] for i in await _story(town, "amy", auditor, include_entered_in_error="true")]
    asked = await api.client.get(
        f"/children/{town.id('amy')}/story", params={"include_entered_in_error": "true"}, headers=town.ann()
    )
    assert asked.status_code == 403
    assert asked.json()["errors"][0]["field"] == "query.include_entered_in_error"
    assert (await api.client.get(f"/entries/{entry['id']}", headers=town.ann())).status_code == 404
    assert (await api.client.get(f"/entries/{entry['id']}", headers=auditor)).status_code == 200


async def test_drafts_are_listed_and_old_ones_overdue(api: Api, town: Town) -> None:
    await api.client.post("/entries", json=town.note(status="draft"), headers=town.ann())
    from datetime import UTC, datetime

    started = (datetime.now(UTC) - timedelta(days=10)).isoformat()
    await api.client.post("/entries", json=town.note(status="draft", started_at=started), headers=town.ann())

    every = await api.client.get("/drafts", headers=town.ann())
    overdue = await api.client.get("/drafts", params={"overdue": "true"}, headers=town.ann())
    manager = await api.client.get("/drafts", headers=town.as_role("pod_manager"))
    elsewhere = await api.client.get("/drafts", headers=town.as_role("pod_manager", own=False))

    assert [d["overdue"] for d in every.json()] == [True, False]
    assert len(overdue.json()) == 1
    assert len(manager.json()) == 2, "a pod manager sees the drafts about their pods' children"
    assert elsewhere.json() == []


async def test_the_chronology_exports_as_csv_oldest_first(api: Api, town: Town) -> None:
    await api.client.post("/entries", json=town.note(significant=True), headers=town.ann())

    response = await api.client.get(
        f"/children/{town.id('amy')}/chronology", params={"format": "csv", "significant": "true"}, headers=town.ann()
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.strip().splitlines()
    assert lines[0] == "occurred_on,entry_type,title,significant,source,status,entered_in_error,id"
    assert [line.split(",")[0] for line in lines[1:]] == ["2024-01-08", "2024-01-08", "2024-02-02"]


async def test_the_story_pages_with_a_cursor(api: Api, town: Town) -> None:
    for day in range(1, 6):
        await api.client.post("/entries", json=town.note(occurred_on=f"2024-03-0{day}"), headers=town.ann())

    first = await api.client.get(
        f"/children/{town.id('amy')}/story", params={"limit": 3, "type": "note"}, headers=town.ann()
    )
    second = await api.client.get(
        f"/children/{town.id('amy')}/story",
        params={"limit": 3, "type": "note", "cursor": first.json()["next_cursor"]},
        headers=town.ann(),
    )
    bad = await api.client.get(f"/children/{town.id('amy')}/story", params={"cursor": "nonsense"}, headers=town.ann())

    days = [i["occurred_on"] for i in first.json()["items"] + second.json()["items"]]
    assert days == ["2024-03-05", "2024-03-04", "2024-03-03", "2024-03-02", "2024-03-01"]
    assert second.json()["next_cursor"] is None
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "query.cursor")
