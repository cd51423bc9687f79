"""Adults around a child; a subject access export (JSON and a readable HTML document) listing, for each entry, the
other people it names; and the child's access log, for their pod manager and auditors."""

from __future__ import annotations

from typing import Any

from tests.api.records.conftest import Api, Town


async def _mother(api: Api, town: Town) -> dict[str, Any]:
    body = {
        "given_name": "Sara",
        "family_name": "Reed",
        "date_of_birth": "1988-11-02",
        "contact": "07700 900123",
        "families": [{"family_id": str(town.id("reed family")), "relationship": "mother"}],
    }
    response = await api.client.post("/people", json=body, headers=town.ann())
    assert response.status_code == 201, response.text
    person: dict[str, Any] = response.json()
    return person


async def test_an_adult_is_recorded_once_and_linked_to_the_family(api: Api, town: Town) -> None:
    sara = await _mother(api, town)

    around = await api.client.get(f"/children/{town.id('ben')}/people", headers=town.ann())
    bob = api.headers("social_worker", pods=(town.south,), worker=town.id("bob"), subject="bob")
    elsewhere = await api.client.get(f"/people/{sara['id']}", headers=bob)
    unknown_family = await api.client.post(
        "/people",
        json={
            "given_name": "X",
            "family_name": "Y",
            "families": [{"family_id": str(town.id("nobody")), "relationship": "father"}],
        },
        headers=town.ann(),
    )

    assert [(p["given_name"], p["families"][0]["relationship"]) for p in around.json()] == [("Sara", "mother")]
    assert elsewhere.status_code == 403
    assert (unknown_family.status_code, unknown_family.json()["errors"][0]["field"]) == (422, "families.0.family_id")


async def test_a_subject_access_export_lists_what_each_entry_names_besides_the_child(api: Api, town: Town) -> None:
    sara = await _mother(api, town)
    await api.client.post("/entries", json=town.visit(people=[sara["id"]]), headers=town.ann())
    draft = town.note(status="draft", text="Half-written note.")
    await api.client.post("/entries", json=draft, headers=town.ann())
    manager = town.as_role("pod_manager")

    exported = await api.client.get(f"/children/{town.id('amy')}/export", headers=manager)

    assert exported.status_code == 200, exported.text
    record = exported.json()
    assert record["subject"]["la_child_id"] == "amy"
    visit = next(e for e in record["entries"] if e["entry_type"] == "visit")
    assert sorted(n["name"] for n in visit["also_names"]) == ["Sara Reed", "child ben"]
    assert [e["status"] for e in record["entries"] if e["source"] == "written"].count("draft") == 1
    assert any(e["source"] == "automatic" and e["title"].startswith("Case opened") for e in record["entries"])
    assert [p["given_name"] for p in record["people"]] == ["Sara"]


async def test_the_export_as_html_is_a_readable_document_with_everything_escaped(api: Api, town: Town) -> None:
    await api.client.post("/entries", json=town.note(text="<script>alert('x')</script> & more"), headers=town.ann())

    exported = await api.client.get(
        f"/children/{town.id('amy')}/export", params={"format": "html"}, headers=api.headers("auditor")
    )

    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/html")
    assert "<script>" not in exported.text
    assert "&lt;script&gt;" in exported.text
    assert "Records held about child amy" in exported.text


async def test_an_adults_export_finds_every_entry_naming_them(api: Api, town: Town) -> None:
    sara = await _mother(api, town)
    await api.client.post("/entries", json=town.note(people=[sara["id"]]), headers=town.ann())

    exported = await api.client.get(f"/people/{sara['id']}/export", headers=town.as_role("pod_manager"))

    assert exported.status_code == 200, exported.text
    assert [n["name"] for e in exported.json()["entries"] for n in e["also_names"]] == ["child amy"]


async def test_the_access_log_says_who_looked_at_the_childs_record(api: Api, town: Town) -> None:
    await api.client.get(f"/children/{town.id('amy')}/story", headers=town.ann())
    entry = (await api.client.post("/entries", json=town.note(), headers=town.ann())).json()
    await api.client.get(f"/entries/{entry['id']}", headers=api.headers("auditor", subject="auditor"))

    log = await api.client.get(f"/children/{town.id('amy')}/access-log", headers=town.as_role("pod_manager"))
    worker = await api.client.get(f"/children/{town.id('amy')}/access-log", headers=town.ann())
    other_manager = await api.client.get(
        f"/children/{town.id('amy')}/access-log", headers=town.as_role("pod_manager", own=False)
    )

    assert log.status_code == 200, log.text
    seen = [(row["actor"], row["action"], row["resource"]) for row in log.json()["items"]]
    assert ("ann", "read", f"child/{town.id('amy')}/story") in seen
    assert ("ann", "write", f"entry/{entry['id']}") in seen
    assert ("auditor", "read", f"entry/{entry['id']}") in seen
    again = await api.client.get(f"/children/{town.id('amy')}/access-log", headers=town.as_role("pod_manager"))
    assert again.json()["items"][0]["resource"] == f"child/{town.id('amy')}/access-log", "newest first, itself logged"
    assert (worker.status_code, other_manager.status_code) == (403, 403)
