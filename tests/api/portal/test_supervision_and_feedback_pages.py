"""Group supervision and feedback in the portal over the real supervision, records and feedback APIs: a pod
manager schedules a session, records who came and a case discussion, signs it off, and the decision is in the
child's story; complaints on their clocks, compliments and a questionnaire's results."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from shared.auth.principal import Role
from tests.api.portal.conftest import Portal
from tests.conftest import MintToken
from tests.support.portal_town import seed_feedback


def _hidden(page: str) -> dict[str, str]:
    found = re.findall(r'name="(csrf_token|key|version)" value="([^"]*)"', page)
    return {name: html.unescape(value) for name, value in found}


def _day(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


async def test_a_pod_manager_runs_a_session_and_the_decision_is_in_the_childs_story(portal: Portal) -> None:
    town = portal.town
    nora, amy, zoe, max_ = town.workers["Nora"], town.workers["Amy"], town.children["Zoe"], town.children["Max"]
    await portal.sign_in("pod_manager", town.north, nora)
    today = date.today()

    listing = await portal.client.get(f"/pods/{town.north}/supervision")
    scheduled = await portal.client.post(
        f"/pods/{town.north}/supervision", data={**_hidden(listing.text), **_day("scheduled_for", today)}
    )
    session = scheduled.headers["location"]
    page = await portal.client.get(session)
    held = await portal.client.post(
        f"{session}/held",
        data={**_hidden(page.text), **_day("held_on", today), "facilitator": nora, f"present-{amy}": "yes"},
    )
    agenda = await portal.client.get(session)
    form = await portal.client.get(f"{session}/discussions/new", params={"child_id": zoe})
    missing = await portal.client.post(
        f"{session}/discussions?child_id={zoe}", data={**_hidden(form.text), f"child-{zoe}": "yes", "harm": "Bruise"}
    )
    recorded = await portal.client.post(
        f"{session}/discussions?child_id={zoe}",
        data={
            **_hidden(form.text),
            f"child-{zoe}": "yes",
            f"child-{max_}": "yes",
            "harm": "A bruise seen at school.",
            "strengths": "Grandmother close by.",
            "score-worker": "6",
            "score-parent": "8",
            "decision": "Family network meeting by the end of the month.",
            "rationale": "Grandmother is willing and trusted.",
            "action-1-description": "Invite the network",
            "action-1-owner": amy,
            **_day("action-1-due", today + timedelta(days=14)),
        },
    )
    before = await portal.client.get(session)
    signed = await portal.client.post(f"{session}/sign-off", data=_hidden(before.text))
    after = await portal.client.get(session)

    assert listing.status_code == 200
    assert scheduled.status_code == 303, scheduled.text
    assert held.status_code == 303, held.text
    assert "Zoe Reed" in agenda.text, "the agenda names the children, from the pod's children"
    assert 'desc="5 calls"' in agenda.headers["server-timing"], "session, agenda, pod, staff, children"
    assert "Record the discussion" in agenda.text
    assert form.status_code == 200
    assert "Max Reed" in form.text, "her brother is on the agenda too: one discussion for both"
    assert missing.status_code == 400
    assert '<a href="#decision">Enter the decision</a>' in missing.text
    assert "A bruise" not in missing.text
    assert "Bruise</textarea>" in missing.text, "what was typed is kept"
    assert recorded.status_code == 303, recorded.text
    assert signed.status_code == 303, signed.text
    assert "Session signed off" in after.text
    assert "No actions have been agreed in this session." in agenda.text
    assert "Invite the network" in after.text[after.text.index('id="actions"') :], "the session lists its actions"

    async def decided(child: str) -> str:
        return (await portal.client.get(f"/children/{child}")).text

    for child in (zoe, max_):
        text = ""
        for _ in range(50):
            text = await decided(child)
            if "Family network meeting by the end of the month." in text:
                break
        assert "Family network meeting by the end of the month." in text, "the decision is in the child's story"
    assert 'id="scaling-safety-table"' in await decided(zoe)
    await portal.sign_in("social_worker", town.north, amy)
    mine = await portal.client.get("/my-work")
    assert "Invite the network" in mine.text, "the action is in its owner's My work"


async def test_feedback_shows_complaints_on_their_clocks_compliments_and_questionnaire_results(
    portal: Portal, mint_token: MintToken
) -> None:
    town = portal.town
    await seed_feedback(portal.client, mint_token(Role.feedback_officer), town)
    await portal.sign_in("head_of_service")

    page = await portal.client.get("/feedback")

    assert page.status_code == 200
    overdue = page.text[page.text.index('id="overdue"') : page.text.index('id="due-soon"')]
    assert "Acknowledge" in overdue, "three weeks unacknowledged"
    assert "Change of social worker" in overdue, "which complaint it is"
    assert "overdue" in overdue
    due_soon = page.text[page.text.index('id="due-soon"') : page.text.index('id="complaints"')]
    assert "Acknowledge" in due_soon, "received today"
    assert "Change of social worker" in page.text
    assert "Amy came to every review" in page.text
    assert "For Amy Osei" in page.text
    assert "I know who my social worker is" in page.text
    assert "Jo Reed" not in page.text, "who complained is the feedback team's alone"


async def test_a_social_worker_is_not_offered_feedback_and_the_api_refuses_what_it_must(portal: Portal) -> None:
    town = portal.town
    await portal.sign_in("social_worker", town.south, town.workers["Cat"])

    other = await portal.client.get(f"/pods/{town.north}/supervision")

    assert other.status_code == 403
