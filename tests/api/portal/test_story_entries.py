"""A story entry after it is written, from the portal over the real records API: added to (shown under it),
marked entered in error with a reason (gone from the story), and a draft edited by its author then completed, with
a stale edit refused (If-Match); each form's errors in the GOV.UK error summary."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import httpx

from shared.auth.principal import Role
from tests.api.portal.conftest import Portal
from tests.conftest import MintToken
from tests.support.portal_town import seed_notes

CALL, DRAFT = "Phone call with school", "Notes from the core group"


def _hidden(page: str, form: str) -> dict[str, str]:
    chunk = page[page.index(f'id="{form}"') :]
    found = re.findall(r'name="(csrf_token|key|next|version)" value="([^"]*)"', chunk[: chunk.index("</form>")])
    return {name: html.unescape(value) for name, value in found}


def _calls(response: httpx.Response) -> int:
    found = re.search(r'desc="(\d+) calls"', response.headers.get("server-timing", ""))
    assert found, "the page says how many API calls it made"
    return int(found[1])


def _edits(title: str, text: str) -> dict[str, str]:
    day = date.today() - timedelta(days=1)
    return {
        "title": title,
        "text": text,
        "occurred_on-day": str(day.day),
        "occurred_on-month": str(day.month),
        "occurred_on-year": str(day.year),
    }


async def test_a_social_worker_adds_to_an_entry_then_marks_it_entered_in_error(
    portal: Portal, mint_token: MintToken
) -> None:
    town = portal.town
    amy, zoe = town.workers["Amy"], town.children["Zoe"]
    ids = await seed_notes(portal.client, mint_token(Role.social_worker, subject=amy, pods=(town.north,)), zoe)
    await portal.sign_in("social_worker", town.north, amy)

    story = await portal.client.get(f"/children/{zoe}")
    opened = await portal.client.get(f"/entries/{ids[CALL]}?next=/children/{zoe}%23story")
    empty = await portal.client.post(
        f"/entries/{ids[CALL]}/appendments", data={**_hidden(opened.text, "appendment-form"), "appendment": " "}
    )
    added = await portal.client.post(
        f"/entries/{ids[CALL]}/appendments",
        data={**_hidden(opened.text, "appendment-form"), "appendment": "School rang back: attendance is 96%."},
    )
    after = await portal.client.get(f"/children/{zoe}")
    no_reason = await portal.client.post(
        f"/entries/{ids[CALL]}/entered-in-error", data=_hidden(opened.text, "in-error-form")
    )
    marked = await portal.client.post(
        f"/entries/{ids[CALL]}/entered-in-error",
        data={**_hidden(opened.text, "in-error-form"), "reason": "Recorded on the wrong child's record"},
    )
    gone = await portal.client.get(f"/children/{zoe}")

    assert f"/entries/{ids[CALL]}?next=" in story.text, "each written entry opens its forms"
    assert opened.status_code == 200
    assert _calls(opened) == 2, "the entry, and its child's name"
    assert empty.status_code == 400
    assert '<a href="#appendment">Enter what you are adding to the entry</a>' in empty.text
    assert added.status_code == 303
    assert added.headers["location"] == f"/children/{zoe}#story"
    assert "Added to the entry" in after.text
    assert "by you: School rang back: attendance is 96%." in after.text, "shown under the entry"
    assert no_reason.status_code == 400
    assert '<a href="#reason">Enter why the entry was entered in error</a>' in no_reason.text
    assert marked.status_code == 303
    assert "Entry marked entered in error" in gone.text
    assert CALL not in gone.text, "an entry in error leaves the story"


async def test_a_draft_is_edited_by_its_author_a_stale_edit_refused_then_completed(
    portal: Portal, mint_token: MintToken
) -> None:
    town = portal.town
    amy, zoe = town.workers["Amy"], town.children["Zoe"]
    ids = await seed_notes(portal.client, mint_token(Role.social_worker, subject=amy, pods=(town.north,)), zoe)
    await portal.sign_in("social_worker", town.north, amy)

    story = await portal.client.get(f"/children/{zoe}")
    opened = await portal.client.get(f"/entries/{ids[DRAFT]}")
    missing = await portal.client.post(
        f"/entries/{ids[DRAFT]}", data={**_hidden(opened.text, "draft-form"), **_edits("", "x"), "status": "draft"}
    )
    saved = await portal.client.post(
        f"/entries/{ids[DRAFT]}",
        data={**_hidden(opened.text, "draft-form"), **_edits("Core group notes", "Agreed a plan."), "status": "draft"},
    )
    stale = await portal.client.post(
        f"/entries/{ids[DRAFT]}",
        data={**_hidden(opened.text, "draft-form"), **_edits("Core group", "Older edit."), "status": "complete"},
    )
    reopened = await portal.client.get(f"/entries/{ids[DRAFT]}")
    completed = await portal.client.post(
        f"/entries/{ids[DRAFT]}",
        data={
            **_hidden(reopened.text, "draft-form"),
            **_edits("Core group notes", "Agreed a plan."),
            "status": "complete",
        },
    )
    after = await portal.client.get(f"/children/{zoe}")
    final = await portal.client.get(f"/entries/{ids[DRAFT]}")
    await portal.sign_in("social_worker", town.north, town.workers["Ben"])
    others = await portal.client.get(f"/entries/{ids[DRAFT]}")

    assert "Edit or complete the draft" in story.text
    assert 'id="draft-form"' in opened.text
    assert f">{DRAFT.split(':')[0]}: first thoughts.</textarea>" in opened.text, "the form holds the draft"
    assert missing.status_code == 400
    assert '<a href="#title">Enter a title</a>' in missing.text
    assert saved.status_code == 303
    assert stale.status_code == 400, "the edit was made from the version before the last save"
    assert "The draft changed since you opened it" in stale.text
    assert ">Older edit.</textarea>" in stale.text, "what was typed is kept"
    assert completed.status_code == 303
    assert "Entry completed" in after.text
    assert "Core group notes" in after.text
    assert "Agreed a plan." in after.text
    assert 'id="draft-form"' not in final.text
    assert 'id="appendment-form"' in final.text, "complete: from now on it is added to"
    assert 'id="draft-form"' not in others.text
