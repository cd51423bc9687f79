from __future__ import annotations

from tests.api.allocation.conftest import Api, Town


async def test_the_sw_episodes_export_is_csv_with_the_validators_columns(api: Api, town: Town) -> None:
    officer = api.headers("statutory_returns_officer")

    response = await api.client.get("/exports/ssda903/sw-episodes", params={"year": 2024}, headers=officer)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0] == "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON"
    assert lines[1].startswith("C0001,09/03/2014,SW")
    assert lines[1].endswith(",08/01/2024,,FCONTA")


async def test_header_and_episodes_cover_the_same_looked_after_children(api: Api, town: Town) -> None:
    officer = api.headers("statutory_returns_officer")

    header = await api.client.get("/exports/ssda903/header", params={"year": 2025}, headers=officer)
    episodes = await api.client.get("/exports/ssda903/episodes", params={"year": 2025}, headers=officer)
    before_care = await api.client.get("/exports/ssda903/header", params={"year": 2023}, headers=officer)

    assert header.text.splitlines() == ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB", "C0001,F,09/03/2014,,,,"]
    assert episodes.text.splitlines()[1] == "C0001,08/01/2024,S,C2,,,,,,,,,"
    assert before_care.text.splitlines() == ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"]


async def test_performance_analysts_see_aggregates_only_so_no_child_level_return(api: Api, town: Town) -> None:
    analyst = api.headers("performance_analyst")

    refused = [
        (await api.client.get(f"/exports/ssda903/{table}", params={"year": 2024}, headers=analyst)).status_code
        for table in ("sw-episodes", "header", "episodes")
    ]

    assert refused == [403, 403, 403]


async def test_an_export_year_out_of_range_is_a_422_naming_year(api: Api, town: Town) -> None:
    response = await api.client.get("/exports/ssda903/sw-episodes", params={"year": 1999}, headers=api.head)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["query.year"]


async def test_auditors_page_through_who_touched_a_child_and_exports_are_logged(api: Api, town: Town) -> None:
    await api.client.get("/exports/ssda903/sw-episodes", params={"year": 2024}, headers=api.headers("head_of_service"))
    auditor = api.headers("auditor", subject="auditor-1")

    first = await api.client.get("/audit-log", params={"child_id": town.child, "limit": 2}, headers=auditor)
    rest = await api.client.get(
        "/audit-log", params={"child_id": town.child, "cursor": first.json()["next_cursor"]}, headers=auditor
    )
    exports = await api.client.get(
        "/audit-log",
        params={"child_id": town.child, "actor": "tester", "from": "2000-01-01T00:00:00Z"},
        headers=auditor,
    )

    assert first.status_code == 200
    assert len(first.json()["items"]) == 2
    everything = first.json()["items"] + rest.json()["items"]
    assert [entry["id"] for entry in everything] == sorted(entry["id"] for entry in everything)
    assert {entry["child_id"] for entry in everything} == {town.child}
    assert [(e["action"], e["resource"]) for e in exports.json()["items"]] == [("export", "ssda903/sw_episodes/2024")]
    assert exports.json()["items"][0]["at"].endswith("Z")


async def test_the_audit_log_is_for_auditors_only(api: Api, town: Town) -> None:
    response = await api.client.get("/audit-log", headers=api.head)

    assert response.status_code == 403
