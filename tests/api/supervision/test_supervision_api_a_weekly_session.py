"""A pod's weekly session through the API: schedule, agenda, attendance, discussions, sign-off, addenda, actions,
scaling, and a child's supervision history."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from services.supervision.service import service
from tests.api.supervision.conftest import Platform, Town
from tests.api.supervision.steps import Nora


async def test_a_session_from_the_agenda_to_sign_off(platform: Platform, town: Town) -> None:
    nora = Nora(platform, town)
    session = await nora.held_session("2024-03-05", "Amy", "Ben")

    agenda = await nora.ok("GET", f"/sessions/{session['id']}/agenda")
    first = await nora.discuss(
        session,
        "Zoe",
        worries={"harm": "Two bruises seen at school.", "danger_statement": "Zoe hurt again when adults drink."},
        scores=[{"voice": "worker", "score": 4}, {"voice": "parent", "score": 7}, {"voice": "pod", "score": 3}],
        actions=[
            {"description": "Checks on mother's partner", "owner_id": town.workers["Amy"], "due_date": "2024-03-12"},
            {"description": "Invite the network", "owner_id": town.workers["Amy"], "due_date": "2024-03-15"},
        ],
    )
    await nora.discuss(
        session,
        "Max",
        "Mia",
        children=[
            {"child_id": town.children["Max"]},
            {
                "child_id": town.children["Mia"],
                "decision": "Mia starts weekly sessions with the school counsellor from 11 March.",
                "rationale": "Mia told her worker she is frightened at night; school can see her weekly.",
            },
        ],
    )
    during = await nora.ok("GET", f"/sessions/{session['id']}/agenda")
    signed = await nora.sign_off(session)

    names = [item["la_child_id"].split("-")[0] for item in agenda["items"]]
    assert sorted(names) == ["Max", "Mia", "Zoe"]
    assert abs(names.index("Max") - names.index("Mia")) == 1, "siblings sit side by side"
    assert {tuple(r["code"] for r in item["reasons"]) for item in agenda["items"]} == {
        ("newly_allocated", "never_discussed")
    }
    assert agenda["cases_held"] == 3
    assert agenda["as_at"] == "2024-03-05"
    assert [item["discussed_in_this_session"] for item in during["items"]] == [True, True, True]
    assert [c["worker_id"] for c in first["children"]] == [town.workers["Amy"]]
    assert (signed["state"], signed["signed_off_by"]) == ("signed_off", "nora")
    assert sorted(len(d["child_ids"]) for d in signed["discussions"]) == [1, 2]
    outbox = await _published(platform)
    assert outbox.count("SupervisionDecisionRecorded") == 3, "one decision per child, the siblings each their own"
    assert outbox.count("ScalingScoreRecorded") == 3
    assert outbox.count("SupervisionActionSet") == 2
    assert outbox.count("SupervisionSessionHeld") == 1


async def test_after_sign_off_the_record_only_grows_by_addenda(platform: Platform, town: Town) -> None:
    nora = Nora(platform, town)
    session = await nora.held_session("2024-03-05")
    discussion = await nora.discuss(session, "Zoe")
    await nora.sign_off(session)
    before = await platform.row_counts()

    revised = await nora.call("PUT", f"/discussions/{discussion['id']}", nora.discussion("Zoe"))
    another = await nora.call("POST", f"/sessions/{session['id']}/discussions", nora.discussion("Max"))
    attendees = await nora.call("PUT", f"/sessions/{session['id']}/attendees", {"attendees": nora.attendees("Ben")})
    after_refusals = await platform.row_counts()
    addendum = await nora.ok(
        "POST",
        f"/sessions/{session['id']}/addenda",
        {"text": "Mother disputes the account of the visit.", "decision_id": discussion["children"][0]["decision_id"]},
    )

    for refused in (revised, another, attendees):
        assert refused.status_code == 409, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["errors"][0]["field"] == "session_id"
    assert after_refusals == before, "a refused edit wrote nothing"
    assert addendum["child_id"] == town.children["Zoe"]
    session_now = await nora.ok("GET", f"/sessions/{session['id']}")
    assert [a["text"] for a in session_now["addenda"]] == ["Mother disputes the account of the visit."]


async def test_an_action_is_done_overdue_or_cancelled_and_the_next_agenda_knows(platform: Platform, town: Town) -> None:
    nora = Nora(platform, town)
    session = await nora.held_session("2024-03-05")
    actions = [
        {"description": "Checks on mother's partner", "owner_id": town.workers["Amy"], "due_date": "2024-03-12"},
        {"description": "Invite the network", "owner_id": town.workers["Amy"], "due_date": "2024-03-15"},
        {"description": "Ask school for attendance", "owner_id": town.workers["Sam"], "due_date": "2024-03-15"},
    ]
    discussion = await nora.discuss(session, "Zoe", actions=actions)
    await nora.sign_off(session)
    checks, network, school = (a["id"] for a in discussion["actions"])

    done = await nora.ok("POST", f"/actions/{checks}/complete", {"completed_on": "2024-03-11"})
    cancelled = await nora.ok(
        "POST", f"/actions/{school}/cancel", {"cancelled_on": "2024-03-13", "reason": "plan changed"}
    )
    again = await nora.call("POST", f"/actions/{checks}/complete", {"completed_on": "2024-03-12"})
    overdue = await nora.ok("GET", f"/pods/{town.north}/actions", status="overdue", as_at="2024-03-19")
    agenda = await nora.ok("GET", f"/pods/{town.north}/agenda", as_at="2024-03-19")

    assert (done["status"], cancelled["status"], again.status_code) == ("done", "cancelled", 409)
    assert [a["id"] for a in overdue["items"]] == [network]
    assert overdue["items"][0]["overdue"] is True
    zoe = next(item for item in agenda["items"] if item["child_id"] == town.children["Zoe"])
    assert [r["code"] for r in zoe["reasons"]] == ["overdue_actions"]


async def test_scaling_shows_each_voices_trajectory_the_spread_and_the_drops(platform: Platform, town: Town) -> None:
    nora = Nora(platform, town)
    for day, parent, worker in (("2024-02-06", 6, 4), ("2024-03-05", 3, 5)):
        session = await nora.held_session(day)
        scores = [{"voice": "parent", "score": parent}, {"voice": "worker", "score": worker}]
        await nora.discuss(session, "Zoe", scores=scores)
        await nora.sign_off(session)

    scaling = await nora.ok("GET", f"/children/{town.children['Zoe']}/scaling")
    agenda = await nora.ok("GET", f"/pods/{town.north}/agenda", as_at="2024-03-12")
    history = await nora.ok("GET", f"/children/{town.children['Zoe']}/decisions")

    parent = next(t for t in scaling["trajectories"] if t["voice"] == "parent")
    assert ([p["score"] for p in parent["points"]], parent["change"]) == ([6, 3], -3)
    assert [(s["scored_on"], s["spread"]) for s in scaling["spreads"]] == [("2024-02-06", 2), ("2024-03-05", 2)]
    assert [(d["voice"], d["previous"], d["score"]) for d in scaling["drops"]] == [("parent", 6, 3)]
    zoe = next(item for item in agenda["items"] if item["child_id"] == town.children["Zoe"])
    assert (zoe["rank"], zoe["reasons"][0]["code"]) == (1, "scaling_drop")
    assert [d["discussed_on"] for d in history["items"]] == ["2024-03-05", "2024-02-06"]
    assert all(d["signed_off"] for d in history["items"])


async def test_the_weekly_schedule_lists_its_days_and_schedules_each_once(platform: Platform, town: Town) -> None:
    nora = Nora(platform, town)
    monday = date.today() - timedelta(days=date.today().weekday())
    body = {"weekday": "tuesday", "starts_at": "10:00", "since": monday.isoformat()}

    schedule = await nora.ok("PUT", f"/pods/{town.north}/schedule", body)
    until = (monday + timedelta(weeks=3)).isoformat()
    created = await nora.ok("POST", f"/pods/{town.north}/schedule/sessions", {"until": until})
    again = await nora.ok("POST", f"/pods/{town.north}/schedule/sessions", {"until": until})
    listed = await nora.ok("GET", f"/pods/{town.north}/schedule", weeks=4)

    assert (schedule["weekday"], again) == ("tuesday", [])
    assert all(s["starts_at"] == "10:00" for s in created)
    scheduled = {day["day"]: day["session_id"] for day in listed["upcoming"]}
    assert {s["scheduled_for"]: s["id"] for s in created}.items() <= scheduled.items()


async def _published(platform: Platform) -> list[str]:
    outbox = service.tables.outbox
    async with platform.supervision.engine.connect() as connection:
        types = (await connection.execute(sa.select(outbox.c.event_type).order_by(outbox.c.id))).scalars().all()
    return [name.split(".")[2] for name in types]
