"""Supervision actions closed from the portal over the real supervision API: marked done from My work, cancelled
from the child's page with a reason; a form's errors in the GOV.UK error summary with what was typed kept; an action
already closed refused by the API and said so; never a redirect off the site."""

from __future__ import annotations

import html
import re
import uuid
from datetime import date, timedelta

import httpx

from shared.auth.principal import Role
from tests.api.portal.conftest import Portal
from tests.conftest import MintToken
from tests.support.portal_town import seed_signed_off_actions

RING, BOOK = "Ring Leo's school about attendance", "Book Leo's health assessment"


def _hidden(page: str, form: str) -> dict[str, str]:
    chunk = page[page.index(f'id="{form}"') :]
    found = re.findall(r'name="(csrf_token|key|next)" value="([^"]*)"', chunk[: chunk.index("</form>")])
    return {name: html.unescape(value) for name, value in found}


def _day(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def _calls(response: httpx.Response) -> int:
    found = re.search(r'desc="(\d+) calls"', response.headers.get("server-timing", ""))
    assert found, "the page says how many API calls it made"
    return int(found[1])


async def test_a_worker_marks_an_action_done_from_my_work_and_cancels_one_from_the_childs_page(
    portal: Portal, mint_token: MintToken
) -> None:
    town = portal.town
    nora = mint_token(Role.pod_manager, pods=(town.north,))
    ids = await seed_signed_off_actions(portal.client, nora, town)
    await portal.sign_in("social_worker", town.north, town.workers["Amy"])
    today, leo = date.today(), town.children["Leo"]

    mine = await portal.client.get("/my-work")
    link = f"/actions/{ids[RING]}?next=/my-work"
    opened = await portal.client.get(link)
    empty = await portal.client.post(f"/actions/{ids[RING]}/complete", data=_hidden(opened.text, "complete-form"))
    future = await portal.client.post(
        f"/actions/{ids[RING]}/complete",
        data={
            **_hidden(opened.text, "complete-form"),
            **_day("completed_on", today + timedelta(days=1)),
            "note": "Rang",
        },
    )
    done = await portal.client.post(
        f"/actions/{ids[RING]}/complete",
        data={**_hidden(opened.text, "complete-form"), **_day("completed_on", today), "note": "School rang back."},
    )
    after = await portal.client.get("/my-work")
    again = await portal.client.post(
        f"/actions/{ids[RING]}/complete",
        data={**_hidden(opened.text, "complete-form"), "key": str(uuid.uuid4()), **_day("completed_on", today)},
    )
    child = await portal.client.get(f"/children/{leo}")
    form = await portal.client.get(f"/actions/{ids[BOOK]}?next=/children/{leo}")
    no_reason = await portal.client.post(
        f"/actions/{ids[BOOK]}/cancel", data={**_hidden(form.text, "cancel-form"), **_day("cancelled_on", today)}
    )
    cancelled = await portal.client.post(
        f"/actions/{ids[BOOK]}/cancel",
        data={**_hidden(form.text, "cancel-form"), **_day("cancelled_on", today), "reason": "Done by the GP."},
    )
    child_after = await portal.client.get(f"/children/{leo}")
    closed = await portal.client.get(f"/actions/{ids[BOOK]}")

    assert link in mine.text.replace("%2F", "/"), "each action in My work opens its form"
    assert f'href="/children/{leo}">Leo Hart</a>: by' in mine.text, "Ben holds Leo: his name from the pod's children"
    assert _calls(mine) == 8, "seven as before, and the pod's children: an action is for a child Amy does not hold"
    assert opened.status_code == 200
    assert _calls(opened) == 3
    assert "Mark as done" in opened.text
    assert "Cancel the action" in opened.text
    assert empty.status_code == 400
    assert '<a href="#completed_on">Enter the day it was done</a>' in empty.text
    assert future.status_code == 400
    assert "The day it was done must be today or in the past" in future.text
    assert ">Rang</textarea>" in future.text, "what was typed is kept"
    assert done.status_code == 303
    assert done.headers["location"] == "/my-work"
    assert "Action done" in after.text
    assert f"“{RING}” is marked done" in html.unescape(after.text)
    assert html.unescape(after.text).count(RING) == 1, "gone from the list: only the banner names it"
    assert again.status_code == 400, "the API refuses an action closed already"
    assert "the action was done already" in again.text, "a second tab's attempt says why"
    assert BOOK in html.unescape(child.text), "the child's page lists it too"
    assert _calls(child) == 12, "eleven as before, and the child's open actions"
    assert f"/actions/{ids[BOOK]}?next=" in child.text
    assert no_reason.status_code == 400
    assert '<a href="#reason">Enter why the action no longer needs doing</a>' in no_reason.text
    assert cancelled.status_code == 303
    assert cancelled.headers["location"] == f"/children/{leo}"
    assert "Action cancelled" in child_after.text
    assert "No open actions from supervision for Leo" in child_after.text
    assert "Cancelled" in closed.text
    assert "Done by the GP." in closed.text
    assert "cancel-form" not in closed.text, "a closed action offers no form"


async def test_closing_an_action_needs_the_forms_token_and_never_leaves_the_site(
    portal: Portal, mint_token: MintToken
) -> None:
    town = portal.town
    nora = mint_token(Role.pod_manager, pods=(town.north,))
    ids = await seed_signed_off_actions(portal.client, nora, town)
    await portal.sign_in("social_worker", town.north, town.workers["Amy"])
    today = date.today()

    forged = await portal.client.post(f"/actions/{ids[RING]}/complete", data=_day("completed_on", today))
    opened = await portal.client.get(f"/actions/{ids[RING]}?next=//elsewhere.example/")
    done = await portal.client.post(
        f"/actions/{ids[RING]}/complete",
        data={**_hidden(opened.text, "complete-form"), **_day("completed_on", today), "next": "//elsewhere.example/"},
    )
    still = await portal.client.get(f"/actions/{ids[RING]}")

    assert forged.status_code == 400
    assert "This form has expired" in forged.text
    assert 'href="//elsewhere' not in opened.text
    assert done.status_code == 303
    assert done.headers["location"] == "/my-work"
    assert "Done" in still.text


async def test_a_head_of_service_reads_an_action_but_is_offered_no_form(portal: Portal, mint_token: MintToken) -> None:
    town = portal.town
    nora = mint_token(Role.pod_manager, pods=(town.north,))
    ids = await seed_signed_off_actions(portal.client, nora, town)
    await portal.sign_in("head_of_service")

    page = await portal.client.get(f"/actions/{ids[RING]}")

    assert page.status_code == 200
    assert RING in html.unescape(page.text)
    assert "complete-form" not in page.text


async def test_the_session_page_lists_the_actions_agreed_in_it_each_opening_its_page(
    portal: Portal, mint_token: MintToken
) -> None:
    town = portal.town
    nora = mint_token(Role.pod_manager, pods=(town.north,))
    ids = await seed_signed_off_actions(portal.client, nora, town)
    read = await portal.client.get(f"/supervision/v1/actions/{ids[RING]}", headers={"Authorization": f"Bearer {nora}"})
    session = read.json()["session_id"]
    await portal.sign_in("pod_manager", town.north, town.workers["Nora"])

    page = await portal.client.get(f"/sessions/{session}")
    link = f"/actions/{ids[RING]}?next=/sessions/{session}"
    opened = await portal.client.get(link)
    done = await portal.client.post(
        f"/actions/{ids[RING]}/complete",
        data={**_hidden(opened.text, "complete-form"), **_day("completed_on", date.today()), "note": "Rang."},
    )
    after = await portal.client.get(f"/sessions/{session}")

    start = page.text.index('id="actions"')
    listed = html.unescape(page.text[start : page.text.index("</table>", start)])
    assert page.status_code == 200
    assert _calls(page) == 6, "session, agenda, pod, staff, children, and the pod's actions: the session agreed two"
    assert link in listed.replace("%2F", "/"), "each action opens its page, and returns to the session"
    assert RING in listed
    assert BOOK in listed
    assert "Leo Hart" in listed
    assert "Amy Osei" in listed
    assert listed.count(">Open</strong>") == 2
    assert done.status_code == 303
    assert done.headers["location"] == f"/sessions/{session}"
    assert "Action done" in after.text
    assert ">Done</strong>" in after.text[after.text.index('id="actions"') :]
