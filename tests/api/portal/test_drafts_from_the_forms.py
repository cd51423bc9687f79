"""A visit and a case summary saved as a draft from the portal's own forms, over the real records API: the draft
opens on its entry page (its author edits and completes it there), My work lists the worker's own drafts until
they are completed, and nobody else's My work shows them."""

from __future__ import annotations

import html
import re
from datetime import date

import httpx

from tests.api.portal.conftest import Portal


def _hidden(page: str, names: str = "csrf_token|key|started_at|next|version") -> dict[str, str]:
    return {k: html.unescape(v) for k, v in re.findall(rf'name="({names})" value="([^"]*)"', page)}


def _today(prefix: str) -> dict[str, str]:
    today = date.today()
    return {f"{prefix}-day": str(today.day), f"{prefix}-month": str(today.month), f"{prefix}-year": str(today.year)}


def _calls(response: httpx.Response) -> int:
    found = re.search(r'desc="(\d+) calls"', response.headers.get("server-timing", ""))
    assert found, "the page says how many API calls it made"
    return int(found[1])


def _drafts(page: str) -> str:
    start = page.index('id="drafts-heading"')
    return page[start : page.index("</ul>", start)] if 'id="drafts"' in page[start:] else page[start : start + 300]


async def test_a_visit_saved_as_a_draft_is_listed_in_my_work_until_completed_from_its_page(portal: Portal) -> None:
    town = portal.town
    zoe, max_ = town.children["Zoe"], town.children["Max"]
    await portal.sign_in("social_worker", town.north, town.workers["Amy"])
    before = await portal.client.get("/my-work")
    form = await portal.client.get(f"/children/{zoe}/visit")
    saved = await portal.client.post(
        f"/children/{zoe}/visit",
        data={
            **_hidden(form.text),
            **_today("occurred_on"),
            "status": "draft",
            "visit_kind": "home",
            "serves_status": "CLA",
            "purpose": "Statutory visit",
            "text": "Zoe showed me her school books.",
            f"include-{zoe}": "yes",
            f"seen-{zoe}": "yes",
            f"alone-{zoe}": "yes",
            f"include-{max_}": "yes",
            f"seen-{max_}": "yes",
            f"alone-{max_}": "no",
            f"not_alone_reason-{max_}": "He wanted his sister with him",
        },
    )
    assert saved.status_code == 303, saved.text
    entry = saved.headers["location"].split("?")[0]
    opened = await portal.client.get(saved.headers["location"])
    story = await portal.client.get(f"/children/{zoe}")
    listed = await portal.client.get("/my-work")
    await portal.sign_in("social_worker", town.north, town.workers["Ben"])
    bens = await portal.client.get("/my-work")
    await portal.sign_in("social_worker", town.north, town.workers["Amy"])
    reopened = await portal.client.get(entry)
    completed = await portal.client.post(
        entry,
        data={
            **_hidden(reopened.text[reopened.text.index('id="draft-form"') :]),
            "title": "Home visit: Zoe and Max",
            "purpose": "Statutory visit",
            "text": "Zoe showed me her school books; Max played in the garden.",
            **_today("occurred_on"),
            "status": "complete",
        },
    )
    after = await portal.client.get("/my-work")
    zoes = await portal.client.get(f"/children/{zoe}")

    assert "No open actions from supervision." in before.text
    assert "You have no drafts to complete." in before.text
    assert _calls(before) == 7, "caseload and drafts together, then workers, covers, visits, summaries, actions"
    assert entry.startswith("/entries/")
    assert "Draft visit saved" in opened.text
    assert 'id="draft-form"' in opened.text
    assert ">Zoe showed me her school books.</textarea>" in opened.text, "the draft as saved, to edit"
    assert "Edit or complete the draft" in story.text
    drafts = _drafts(listed.text)
    assert f'href="{entry}?next=/my-work"' in drafts
    assert "visit for Zoe Reed and Max Reed" in drafts.replace("\n", " ").replace("    ", " ")
    assert "You have no drafts to complete." in bens.text, "a draft is its author's"
    assert completed.status_code == 303, completed.text
    assert "You have no drafts to complete." in after.text
    assert "Max played in the garden." in zoes.text
    assert "Max: seen, not alone (He wanted his sister with him)" in zoes.text, "the draft kept each child's seen"


async def test_a_case_summary_saved_as_a_draft_opens_on_its_page_and_is_listed_in_my_work(portal: Portal) -> None:
    town = portal.town
    zoe = town.children["Zoe"]
    await portal.sign_in("social_worker", town.north, town.workers["Amy"])
    form = await portal.client.get(f"/children/{zoe}/case-summary")
    empty = await portal.client.post(
        f"/children/{zoe}/case-summary", data={**_hidden(form.text), **_today("occurred_on"), "status": "draft"}
    )
    saved = await portal.client.post(
        f"/children/{zoe}/case-summary",
        data={
            **_hidden(form.text),
            **_today("occurred_on"),
            "status": "draft",
            "purpose": "Before the review",
            "happened": "Settled with her foster carers.",
            "analysis": "Safe and stable care.",
            "next_steps": "Review on the 20th.",
        },
    )
    opened = await portal.client.get(saved.headers["location"])
    listed = await portal.client.get("/my-work")
    summaries = await portal.client.get(f"/children/{zoe}", params={"type": "case_summary"})

    assert 'name="status" value="draft"' in form.text
    assert "Save as draft" in form.text
    assert empty.status_code == 400, "a draft is checked as the summary is"
    assert saved.status_code == 303, saved.text
    assert "Draft case summary saved" in opened.text
    assert "Settled with her foster carers." in opened.text
    assert "case summary for Zoe Reed" in _drafts(listed.text).replace("\n", " ").replace("    ", " ")
    assert "Edit or complete the draft" in summaries.text
