"""A child's one story in the portal over the real records and supervision APIs: a visit recorded once for two
siblings shows in both stories, a case summary, filters and search, the chronology; bad input named field by
field with what was typed kept."""

from __future__ import annotations

import re
from datetime import date

from tests.api.portal.conftest import Portal


def _hidden(page: str) -> dict[str, str]:
    return dict(re.findall(r'name="(csrf_token|key|started_at)" value="([^"]*)"', page))


def _today(prefix: str) -> dict[str, str]:
    today = date.today()
    return {f"{prefix}-day": str(today.day), f"{prefix}-month": str(today.month), f"{prefix}-year": str(today.year)}


async def _record_visit_to_zoe_and_max(portal: Portal) -> tuple[str, str]:
    town = portal.town
    zoe, max_ = town.children["Zoe"], town.children["Max"]
    form = await portal.client.get(f"/children/{zoe}/visit")
    assert form.status_code == 200
    assert "Max Reed" in form.text, "her brother is offered on the same visit"
    posted = await portal.client.post(
        f"/children/{zoe}/visit",
        data={
            **_hidden(form.text),
            **_today("occurred_on"),
            "visit_kind": "home",
            "serves_status": "CLA",
            "purpose": "Statutory visit",
            "text": "Zoe showed me her school books; Max played in the garden.",
            f"include-{zoe}": "yes",
            f"seen-{zoe}": "yes",
            f"alone-{zoe}": "yes",
            f"include-{max_}": "yes",
            f"seen-{max_}": "yes",
            f"alone-{max_}": "no",
            f"not_alone_reason-{max_}": "He wanted his sister with him",
        },
    )
    assert posted.status_code == 303, posted.text
    return zoe, max_


async def test_a_visit_recorded_once_for_two_siblings_is_in_both_stories_with_each_childs_seen(
    portal: Portal,
) -> None:
    town = portal.town
    await portal.sign_in("social_worker", town.north, town.workers["Amy"])

    zoe, max_ = await _record_visit_to_zoe_and_max(portal)
    zoes = await portal.client.get(f"/children/{zoe}")
    maxs = await portal.client.get(f"/children/{max_}")

    assert "Visit recorded" in zoes.text
    for page in (zoes.text, maxs.text):
        assert "Home visit: Zoe and Max" in page
        assert "Zoe: seen alone" in page
        assert "Max: seen, not alone (He wanted his sister with him)" in page
    assert f"Last seen: {date.today().day}" in zoes.text.replace("\n", " ")


async def test_my_work_lists_children_to_see_overdue_first_summaries_due_and_supervision_actions(
    portal: Portal,
) -> None:
    town = portal.town
    await portal.sign_in("social_worker", town.north, town.workers["Amy"])
    before = await portal.client.get("/my-work")

    await _record_visit_to_zoe_and_max(portal)
    after = await portal.client.get("/my-work")

    to_see = before.text[
        before.text.index('id="to-see"') : before.text.index("</table>", before.text.index('id="to-see"'))
    ]
    assert "Zoe Reed" in to_see
    assert "Max Reed" in to_see
    assert "Overdue" in to_see, "never seen since their plans began in 2024"
    assert "Leo Hart" not in to_see, "Ben's child"
    seen = after.text[after.text.index('id="to-see"') :]
    assert f"{date.today().day} " in seen[: seen.index("</table>")], "both last seen today"
    assert 'id="summaries-due"' in after.text
    assert "No open actions from supervision." in after.text


async def test_a_visit_with_a_child_left_unanswered_names_the_field_and_keeps_what_was_typed(portal: Portal) -> None:
    town = portal.town
    await portal.sign_in("social_worker", town.north, town.workers["Amy"])
    zoe, max_ = town.children["Zoe"], town.children["Max"]
    form = await portal.client.get(f"/children/{zoe}/visit")

    page = await portal.client.post(
        f"/children/{zoe}/visit",
        data={
            **_hidden(form.text),
            **_today("occurred_on"),
            "visit_kind": "home",
            "serves_status": "CLA",
            "purpose": "Statutory visit",
            "text": "Written before the phone rang.",
            f"include-{zoe}": "yes",
            f"seen-{zoe}": "yes",
            f"alone-{zoe}": "yes",
            f"include-{max_}": "yes",
            f"seen-{max_}": "no",
        },
    )
    story = await portal.client.get(f"/children/{zoe}")

    assert page.status_code == 400
    assert f'<a href="#not_seen_reason-{max_}">Enter why Max was not seen</a>' in page.text
    assert "Written before the phone rang.</textarea>" in page.text
    assert f'id="seen-{max_}-no" name="seen-{max_}" type="radio" value="no" checked' in page.text
    assert "Written before the phone rang." not in story.text, "nothing was written"


async def test_a_case_summary_is_written_and_the_story_filters_and_search_find_it(portal: Portal) -> None:
    town = portal.town
    await portal.sign_in("social_worker", town.north, town.workers["Amy"])
    zoe = town.children["Zoe"]
    form = await portal.client.get(f"/children/{zoe}/case-summary")
    empty = await portal.client.post(
        f"/children/{zoe}/case-summary", data={**_hidden(form.text), **_today("occurred_on")}
    )
    written = await portal.client.post(
        f"/children/{zoe}/case-summary",
        data={
            **_hidden(form.text),
            **_today("occurred_on"),
            "purpose": "Before the review",
            "happened": "Settled with her foster carers; piano lessons started.",
            "analysis": "Safe and stable care.",
            "next_steps": "Review on the 20th.",
            "significant": "yes",
        },
    )

    summaries = await portal.client.get(f"/children/{zoe}", params={"type": "case_summary"})
    searched = await portal.client.get(f"/children/{zoe}", params={"q": "piano"})
    chronology = await portal.client.get(f"/children/{zoe}/chronology", params={"significant": "yes"})
    bad = await portal.client.get(f"/children/{zoe}", params={"from": "last week"})

    assert form.status_code == 200
    assert empty.status_code == 400
    assert '<a href="#purpose">Enter why you are writing the summary</a>' in empty.text
    assert '<a href="#happened">Enter what has happened</a>' in empty.text
    assert written.status_code == 303, written.text
    assert "Settled with her foster carers" in summaries.text
    assert "Case summary, " in summaries.text
    assert "<mark>piano</mark>" in searched.text
    assert "1 entry matches" in searched.text
    assert "Case summary, " in chronology.text
    assert bad.status_code == 400
    assert '<a href="#from">Enter the first day as a date, like 2024-03-27</a>' in bad.text
    assert 'value="last week"' in bad.text


async def test_a_social_worker_of_another_pod_cannot_record_a_visit_to_the_child(portal: Portal) -> None:
    town = portal.town
    await portal.sign_in("social_worker", town.south, town.workers["Cat"])

    assert (await portal.client.get(f"/children/{town.children['Zoe']}/visit")).status_code == 403
