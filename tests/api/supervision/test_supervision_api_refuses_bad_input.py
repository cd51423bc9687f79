"""Bad input is a 4xx problem naming the field, with nothing written: scores outside 0-10, an unknown voice, a
decision without rationale, an action without owner or due date, a child not allocated to the pod, attendees who
are not pod members, case content in a reflective practice group, edits after sign-off."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import pytest_asyncio

from tests.api.supervision.conftest import Platform, Town
from tests.api.supervision.steps import DECISION, Nora

pytestmark = pytest.mark.asyncio(loop_scope="module")


def _discussion(town: Town, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "children": [{"child_id": town.children["Zoe"]}],
        "decision": DECISION,
        "rationale": "Grandmother is willing and trusted; a plan the family builds is likelier to hold.",
        "scores": [{"voice": "worker", "score": 4}],
        "actions": [{"description": "Invite the network", "owner_id": town.workers["Amy"], "due_date": "2024-03-15"}],
    }
    return {**body, **changes}


def _without(body: dict[str, Any], field: str) -> dict[str, Any]:
    return {name: value for name, value in body.items() if name != field}


BAD_DISCUSSIONS: dict[str, tuple[Callable[[Town], dict[str, Any]], int, str]] = {
    "a score above 10": (lambda t: _discussion(t, scores=[{"voice": "worker", "score": 11}]), 422, "scores.0.score"),
    "a score below 0": (lambda t: _discussion(t, scores=[{"voice": "parent", "score": -1}]), 422, "scores.0.score"),
    "an unknown voice": (lambda t: _discussion(t, scores=[{"voice": "neighbour", "score": 5}]), 422, "scores.0.voice"),
    "a score given as text": (lambda t: _discussion(t, scores=[{"voice": "pod", "score": "5"}]), 422, "scores.0.score"),
    "no rationale": (lambda t: _without(_discussion(t), "rationale"), 422, "rationale"),
    "an empty rationale": (lambda t: _discussion(t, rationale=""), 422, "rationale"),
    "no decision": (lambda t: _without(_discussion(t), "decision"), 422, "decision"),
    "a decision that decides nothing": (
        lambda t: _discussion(t, decision="Case discussed, plan agreed."),
        422,
        "decision",
    ),
    "an action without owner": (
        lambda t: _discussion(t, actions=[{"description": "Invite the network", "due_date": "2024-03-15"}]),
        422,
        "actions.0.owner_id",
    ),
    "an action without due date": (
        lambda t: _discussion(t, actions=[{"description": "Invite the network", "owner_id": t.workers["Amy"]}]),
        422,
        "actions.0.due_date",
    ),
    "a child not allocated to the pod": (
        lambda t: _discussion(t, children=[{"child_id": t.children["Sid"]}]),
        422,
        "children.0.child_id",
    ),
    "a field the discussion does not have": (lambda t: _discussion(t, mood="tense"), 422, "mood"),
}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def open_session(shared_platform: Platform, shared_town: Town) -> dict[str, Any]:
    return await Nora(shared_platform, shared_town).held_session("2024-03-05")


@pytest.mark.parametrize("case", list(BAD_DISCUSSIONS))
async def test_a_bad_discussion_is_refused_naming_the_field_and_nothing_is_written(
    shared_platform: Platform, shared_town: Town, open_session: dict[str, Any], case: str
) -> None:
    body, status, field = BAD_DISCUSSIONS[case]
    nora = Nora(shared_platform, shared_town)
    before = await shared_platform.row_counts()

    response = await nora.call("POST", f"/sessions/{open_session['id']}/discussions", body(shared_town))

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [error["field"] for error in response.json()["errors"]]
    assert await shared_platform.row_counts() == before


async def test_an_attendee_from_another_pod_comes_only_as_an_advisor(
    shared_platform: Platform, shared_town: Town
) -> None:
    nora = Nora(shared_platform, shared_town)
    session = await nora.ok(
        "POST", f"/pods/{shared_town.north}/sessions", {"kind": "group", "scheduled_for": "2024-04-02"}
    )
    cat = shared_town.workers["Cat"]
    before = await shared_platform.row_counts()

    refused = await nora.call(
        "POST",
        f"/sessions/{session['id']}/held",
        {"held_on": "2024-04-02", "attendees": [*nora.attendees("Amy"), {"worker_id": cat, "role": "participant"}]},
    )
    unchanged = await shared_platform.row_counts()
    held = await nora.ok(
        "POST",
        f"/sessions/{session['id']}/held",
        {"held_on": "2024-04-02", "attendees": [*nora.attendees("Amy"), {"worker_id": cat, "role": "advisor"}]},
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "attendees.2.worker_id"
    assert unchanged == before
    visitor = next(a for a in held["attendees"] if a["worker_id"] == cat)
    assert visitor["visiting_from_pod_id"] == shared_town.south


async def test_a_reflective_practice_group_takes_attendance_and_no_case_content(
    shared_platform: Platform, shared_town: Town
) -> None:
    nora = Nora(shared_platform, shared_town)
    group = await nora.ok(
        "POST",
        "/reflective-groups",
        {
            "name": "North reflection",
            "pod_id": shared_town.north,
            "facilitator_id": shared_town.workers["Sam"],
            "created_on": "2024-01-08",
        },
    )
    attendance = [
        {"worker_id": shared_town.workers["Amy"]},
        {"worker_id": shared_town.workers["Ben"], "present": False},
    ]

    with_notes = await nora.call(
        "POST",
        f"/reflective-groups/{group['id']}/sessions",
        {"held_on": "2024-03-07", "attendance": attendance, "notes": "We talked about Zoe's bruises."},
    )
    recorded = await nora.ok(
        "POST", f"/reflective-groups/{group['id']}/sessions", {"held_on": "2024-03-07", "attendance": attendance}
    )

    assert with_notes.status_code == 422
    assert with_notes.json()["errors"][0]["field"] == "notes"
    assert (recorded["attended"], recorded["apologies"]) == (1, 1)


async def test_dates_and_codes_are_checked_before_anything_is_written(
    shared_platform: Platform, shared_town: Town
) -> None:
    nora = Nora(shared_platform, shared_town)
    before = await shared_platform.row_counts()

    answers = {
        "held_on": await nora.call("POST", f"/pods/{shared_town.north}/sessions", {"scheduled_for": 20240305}),
        "kind": await nora.call(
            "POST", f"/pods/{shared_town.north}/sessions", {"kind": "team", "scheduled_for": "2024-03-05"}
        ),
        "weekday": await nora.call(
            "PUT",
            f"/pods/{shared_town.north}/schedule",
            {"weekday": "sunday", "starts_at": "10:00", "since": "2024-01-01"},
        ),
        "grades": await nora.call(
            "POST",
            "/case-audits",
            {
                "child_id": shared_town.children["Zoe"],
                "quarter": "2024-Q1",
                "audited_on": "2024-03-20",
                "worker_id": shared_town.workers["Amy"],
                "manager_id": shared_town.workers["Nora"],
                "grades": {"planning": "brilliant"},
                "overall_grade": "good",
                "done_well": "Views in her words.",
                "must_improve": "Timescales slipped.",
            },
        ),
    }

    fields = {name: [e["field"] for e in response.json()["errors"]] for name, response in answers.items()}
    assert {name: response.status_code for name, response in answers.items()} == dict.fromkeys(answers, 422)
    assert fields == {
        "held_on": ["scheduled_for"],
        "kind": ["kind"],
        "weekday": ["weekday"],
        "grades": ["grades.planning"],
    }
    assert await shared_platform.row_counts() == before


async def test_days_and_quarters_outside_any_record_are_refused_not_overflowed(
    shared_platform: Platform, shared_town: Town
) -> None:
    nora = Nora(shared_platform, shared_town)

    far_agenda = await nora.call("GET", f"/pods/{shared_town.north}/agenda", as_at="9999-12-31")
    year_nought = await nora.call("GET", "/case-audits/report", quarter="0000-Q1")
    far_session = await nora.call("POST", f"/pods/{shared_town.north}/sessions", {"scheduled_for": "9999-12-30"})

    assert [r.status_code for r in (far_agenda, year_nought, far_session)] == [422, 422, 422]
    assert [r.json()["errors"][0]["field"] for r in (far_agenda, year_nought, far_session)] == [
        "query.as_at",
        "query.quarter",
        "scheduled_for",
    ]
