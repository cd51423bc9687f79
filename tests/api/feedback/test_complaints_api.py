"""Complaints over HTTP: each step, the identity kept to the feedback team, and bad input refused naming the field
with nothing written."""

from __future__ import annotations

from typing import Any

from tests.api.feedback.conftest import Api, Town, complaint_body


async def _complaint(api: Api, town: Town, **changes: Any) -> dict[str, Any]:
    return await api.made("/complaints", complaint_body(town, **changes))


async def test_a_complaint_is_created_with_its_location_etag_pod_and_clocks(api: Api, town: Town) -> None:
    response = await api.post("/complaints", complaint_body(town))

    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/feedback/v1/complaints/{body['id']}"
    assert response.headers["etag"]
    assert (body["pod_id"], body["status"], body["stage"]) == (town.north, "open", 1)
    clocks = {clock["name"]: clock for clock in body["clocks"]}
    assert clocks["acknowledgement"]["due_on"] == "2025-12-23"
    assert clocks["response"]["due_on"] == "2026-01-07"
    assert "Jo Bloggs" not in response.text, "the complaint never shows who made it"


async def test_only_the_feedback_team_reads_who_complained(api: Api, town: Town) -> None:
    complaint = await _complaint(api, town)
    path = f"/complaints/{complaint['id']}/complainant"

    team = await api.get(path)
    head = await api.get(path, api.headers("head_of_service"))
    manager = await api.get(path, api.headers("pod_manager", pods=(town.north,)))

    assert team.status_code == 200
    assert team.json() == {"relation": "parent", "name": "Jo Bloggs", "contact": "jo@example.org"}
    assert (head.status_code, manager.status_code) == (403, 403)


async def test_pod_staff_see_the_complaints_about_their_pod_without_the_complainant(api: Api, town: Town) -> None:
    about_north = await _complaint(api, town)
    await _complaint(api, town, child_id=town.max)

    listed = await api.get("/complaints", api.headers("social_worker", pods=(town.north,)))

    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [about_north["id"]]
    assert "Jo Bloggs" not in listed.text
    assert "jo@example.org" not in listed.text


async def test_a_response_before_receipt_is_refused_naming_responded_on_and_nothing_is_written(
    api: Api, town: Town
) -> None:
    complaint = await _complaint(api, town)
    published = await api.outbox_size()

    response = await api.post(
        f"/complaints/{complaint['id']}/responses", {"responded_on": "2025-12-18", "outcome": "upheld"}
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "responded_on"
    after = (await api.get(f"/complaints/{complaint['id']}")).json()
    assert after["stages"][0]["responded_on"] is None
    assert await api.outbox_size() == published


async def test_an_extension_beyond_the_statutory_maximum_is_refused_naming_working_days(api: Api, town: Town) -> None:
    complaint = await _complaint(api, town)

    response = await api.post(
        f"/complaints/{complaint['id']}/extensions",
        {"agreed_on": "2026-01-05", "working_days": 21, "reason": "complex"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "working_days"
    assert "20" in response.json()["detail"]


async def test_escalating_a_complaint_that_has_not_been_answered_is_a_conflict_naming_it(api: Api, town: Town) -> None:
    complaint = await _complaint(api, town)

    response = await api.post(f"/complaints/{complaint['id']}/escalations", {"requested_on": "2026-01-05"})

    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "complaint_id"


async def test_a_stale_if_match_is_412_and_the_current_etag_succeeds(api: Api, town: Town) -> None:
    created = await api.post("/complaints", complaint_body(town))
    complaint, first_etag = created.json(), created.headers["etag"]
    acknowledged = await api.client.post(
        f"/feedback/v1/complaints/{complaint['id']}/acknowledgement",
        json={"acknowledged_on": "2025-12-22"},
        headers={**api.team, "If-Match": first_etag},
    )
    stale = await api.client.post(
        f"/feedback/v1/complaints/{complaint['id']}/extensions",
        json={"agreed_on": "2026-01-05", "working_days": 20, "reason": "complex"},
        headers={**api.team, "If-Match": first_etag},
    )

    assert acknowledged.status_code == 200
    assert acknowledged.headers["etag"] != first_etag
    assert stale.status_code == 412


async def test_a_complaint_through_stage_2_to_closure(api: Api, town: Town) -> None:
    complaint = await _complaint(api, town, received_on="2025-09-01")
    path = f"/complaints/{complaint['id']}"
    for step, body in (
        ("/acknowledgement", {"acknowledged_on": "2025-09-02"}),
        ("/responses", {"responded_on": "2025-09-12", "outcome": "not_upheld"}),
        ("/escalations", {"requested_on": "2025-09-22"}),
        ("/extensions", {"agreed_on": "2025-10-20", "working_days": 45, "reason": "a witness on leave"}),
        ("/responses", {"responded_on": "2025-11-20", "outcome": "partly_upheld", "summary": "An apology"}),
    ):
        await api.made(f"{path}{step}", body)
    early = await api.post(f"{path}/close", {"closed_on": "2025-11-21", "reason": "resolved"})
    closed = await api.made(f"{path}/close", {"closed_on": "2026-01-05", "reason": "resolved"})

    assert early.status_code == 409
    assert early.json()["errors"][0]["field"] == "closed_on"
    assert (closed["status"], closed["closure_reason"]) == ("closed", "resolved")
    assert [(s["stage"], s["working_days"], s["in_time"]) for s in closed["stages"]] == [(1, 10, True), (2, 45, True)]


async def test_the_due_list_shows_working_days_left_and_what_is_overdue(api: Api, town: Town) -> None:
    complaint = await _complaint(api, town)

    due = await api.get("/complaints/due", as_at="2026-01-05", within=5)

    assert due.status_code == 200
    items = [(i["complaint_id"], i["what"], i["due_on"], i["days_left"], i["overdue"]) for i in due.json()["items"]]
    assert items == [
        # 24, 29, 30, 31 December, 2 and 5 January: the sixth working day late.
        (complaint["id"], "acknowledgement", "2025-12-23", -6, True),
        (complaint["id"], "response", "2026-01-07", 2, False),
    ]


async def test_a_due_list_for_a_day_outside_the_records_is_refused_naming_as_at(api: Api) -> None:
    """Days the working-day clock cannot count to (found by the fuzzer as server errors) are bad input."""
    for day in ("0001-01-01", "1999-12-31", "9999-12-31"):
        response = await api.get("/complaints/due", as_at=day)

        assert response.status_code == 422, day
        assert response.json()["errors"][0]["field"] == "as_at"


async def test_a_complaint_received_before_the_records_begin_is_refused_and_nothing_is_written(
    api: Api, town: Town
) -> None:
    published = await api.outbox_size()

    response = await api.post("/complaints", complaint_body(town, received_on="0001-01-01"))

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "received_on"
    assert await api.outbox_size() == published


async def test_an_unknown_field_or_code_is_refused_naming_it(api: Api, town: Town) -> None:
    unknown_field = await api.post("/complaints", {**complaint_body(town), "complainant_name": "Jo"})
    unknown_theme = await api.post("/complaints", complaint_body(town, themes=["rudeness"]))

    assert unknown_field.status_code == 422
    assert unknown_field.json()["errors"][0]["field"] == "complainant_name"
    assert unknown_theme.status_code == 422
    assert unknown_theme.json()["errors"][0]["field"].startswith("themes")


async def test_reading_and_writing_a_childs_complaint_is_in_the_audit_log(api: Api, town: Town) -> None:
    complaint = await _complaint(api, town)
    await api.get(f"/complaints/{complaint['id']}/complainant")

    log = await api.get("/audit-log", api.headers("auditor"), child_id=town.zoe)

    resources = [(entry["action"], entry["resource"]) for entry in log.json()["items"]]
    assert ("write", f"complaint/{complaint['id']}") in resources
    assert ("read", f"complaint/{complaint['id']}/complainant") in resources
