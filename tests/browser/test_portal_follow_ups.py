"""What a worker and a manager do after the first pass, in Chromium: close a supervision action (done, or
cancelled with a reason) from My work and from the child's page; add to a completed story entry, mark one entered
in error, edit and complete a draft, and save a case summary as a draft from its form (listed in My work until
completed); the pod board's agenda by children's names; a session's actions agreed; questionnaire results charted
beside their table. Every page passes axe-core's WCAG 2.2 AA rules with no serious or critical violation."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from shared.auth.tokens import mint_development_token
from shared.settings import PlatformSettings
from tests.browser.conftest import SIGNING_KEY, Served, accessible, settled
from tests.browser.test_portal_in_a_browser import sign_in
from tests.support.portal_town import seed_health_check, seed_notes, seed_signed_off_actions

pytestmark = pytest.mark.asyncio(loop_scope="module")
SETTINGS = PlatformSettings(environment="test", auth_signing_key=SIGNING_KEY)


def _token(role: str, *pods: str) -> str:
    return mint_development_token(SETTINGS, subject=role, roles=[role], pods=list(pods), lifetime_seconds=600)


async def test_a_social_worker_closes_supervision_actions_from_my_work_and_the_childs_page(
    page: Page, served: Served
) -> None:
    town = served.town
    async with httpx.AsyncClient(base_url=served.url, timeout=30) as client:
        await seed_signed_off_actions(client, _token("pod_manager", town.north), town)
    ring, book = "Ring Leo's school about attendance", "Book Leo's health assessment"
    await sign_in(page, "social_worker", town.north, town.workers["Amy"])
    actions = page.locator("#actions")
    await expect(actions).to_contain_text(ring)
    await page.click(f"#actions a:has-text('Mark done or cancel'):has-text(\"{ring}\")")
    await expect(page.locator("h1")).to_have_text(ring)
    await accessible(page, "action")

    await page.click("button:text-is('Cancel the action')")
    summary = page.locator(".govuk-error-summary")
    await expect(summary).to_be_focused()
    await expect(summary).to_contain_text("Enter why the action no longer needs doing")
    await accessible(page, "action-errors")
    await page.fill("#reason", "The school rang us first: attendance is back to normal.")
    await page.click("button:text-is('Cancel the action')")
    await settled(page)
    await expect(page.locator("h1")).to_have_text("My work")
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Action cancelled")
    await expect(actions).not_to_contain_text(ring)
    await accessible(page, "my-work-action-cancelled")

    await page.goto(f"/children/{town.children['Leo']}")
    await page.click(f"#actions a:has-text('Mark done or cancel'):has-text(\"{book}\")")
    await page.fill("#note", "Booked with the school nurse for next Tuesday.")
    await page.click("button:text-is('Mark as done')")
    await settled(page)
    await expect(page.locator("h1")).to_have_text("Leo Hart")
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Action done")
    await expect(page.locator("main")).to_contain_text("No open actions from supervision for Leo")
    await accessible(page, "child-action-done")


async def test_a_social_worker_adds_to_an_entry_marks_one_in_error_and_completes_a_draft(
    page: Page, served: Served
) -> None:
    town = served.town
    amy, max_ = town.workers["Amy"], town.children["Max"]
    author = mint_development_token(
        SETTINGS, subject=amy, roles=["social_worker"], pods=[town.north], lifetime_seconds=600
    )
    async with httpx.AsyncClient(base_url=served.url, timeout=30) as client:
        await seed_notes(client, author, max_)
    await sign_in(page, "social_worker", town.north, amy)
    await page.goto(f"/children/{max_}")
    entries = page.locator("#story-entries")
    await page.click("#story-entries a:has-text('Add to it or mark it entered in error')")
    await expect(page.locator("h1")).to_have_text("Phone call with school")
    await page.click("button:text-is('Add to the entry')")
    await expect(page.locator(".govuk-error-summary")).to_be_focused()
    await expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what you are adding to the entry")
    await accessible(page, "entry-errors")
    await page.fill("#appendment", "School rang back: attendance is 96% this term.")
    await page.click("button:text-is('Add to the entry')")
    await settled(page)
    await expect(entries).to_contain_text("by you: School rang back: attendance is 96% this term.")
    await accessible(page, "child-story-appended")

    await page.click("#story-entries a:has-text('Edit or complete the draft')")
    await expect(page.locator("#draft-form")).to_be_visible()
    await page.fill("#title", "Core group: plan agreed")
    await page.fill("#text", "Agreed a plan with mum and the school; next core group in four weeks.")
    await accessible(page, "entry-draft")
    await page.click("button:text-is('Save and complete')")
    await settled(page)
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Entry completed")
    await expect(entries).to_contain_text("Core group: plan agreed")

    await page.click("#story-entries li:has-text('Phone call with school') a:has-text('entered in error')")
    await page.fill("#reason", "Recorded on the wrong child's record")
    await accessible(page, "entry")
    await page.click("button:text-is('Mark as entered in error')")
    await settled(page)
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Entry marked entered in error")
    await expect(entries).not_to_contain_text("Phone call with school")
    await accessible(page, "child-story-entry-in-error")


async def test_the_pod_boards_agenda_names_the_children(page: Page, served: Served) -> None:
    town = served.town
    await sign_in(page, "pod_manager", town.north, town.workers["Nora"])
    await expect(page.locator("h1")).to_have_text("Pod 1 (North)")
    agenda = page.locator("#agenda")
    # Leo was discussed today (the actions above): the others are still due.
    for name in ("Zoe Reed", "Max Reed", "Ava Stone"):
        await expect(agenda.locator("tbody th a", has_text=name)).to_be_visible()
    await expect(agenda).not_to_contain_text("C0001")
    await agenda.locator("a", has_text="Ava Stone").click()
    await expect(page.locator("h1")).to_have_text("Ava Stone")
    await page.go_back()
    await agenda.scroll_into_view_if_needed()
    await accessible(page, "pod-board-agenda")


async def test_feedback_charts_questionnaire_results_beside_their_tables_with_a_small_pod_suppressed(
    page: Page, served: Served
) -> None:
    async with httpx.AsyncClient(base_url=served.url, timeout=30) as client:
        run = await seed_health_check(client, _token("feedback_officer"), served.town)
    await sign_in(page, "head_of_service")
    await page.goto(f"/feedback?run={run}#questionnaire")
    await settled(page)
    await expect(page.locator("#questionnaire-chart svg").last).to_be_visible()
    await expect(page.locator("#questionnaire tbody tr").first).to_be_visible()
    await expect(page.locator("#questionnaire-pods-chart svg").last).to_be_visible()
    await expect(page.locator("#questionnaire-pods")).to_contain_text("Suppressed: too few answers to show")
    await expect(page.locator("#questionnaire-pods-chart")).to_contain_text("Suppressed: too few answers")
    await page.locator("#questionnaire-chart").scroll_into_view_if_needed()
    await accessible(page, "feedback-questionnaire")


async def test_a_case_summary_saved_as_a_draft_is_listed_in_my_work_then_completed(page: Page, served: Served) -> None:
    town = served.town
    await sign_in(page, "social_worker", town.north, town.workers["Amy"])
    drafts = page.locator("#drafts-heading + *")
    await expect(drafts).to_have_text("You have no drafts to complete.")
    await page.goto(f"/children/{town.children['Zoe']}/case-summary")
    await page.fill("#purpose", "Before the review")
    await page.fill("#happened", "Settled with her foster carers; piano lessons started.")
    await page.fill("#analysis", "Safe and stable care.")
    await page.fill("#next_steps", "Review on the 20th.")
    await page.click("button:text-is('Save as draft')")
    await settled(page)
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Draft case summary saved")
    await expect(page.locator("#draft-form")).to_be_visible()
    await accessible(page, "entry-draft-saved")

    await page.click("a:text-is('My work')")
    await expect(page.locator("#drafts")).to_contain_text("case summary for Zoe Reed")
    await page.locator("#drafts").scroll_into_view_if_needed()
    await accessible(page, "my-work-drafts")
    await page.click("#drafts a")
    await page.fill("#next_steps", "Review on the 20th; piano recital on the 22nd.")
    await page.click("button:text-is('Save and complete')")
    await settled(page)
    await expect(page.locator("h1")).to_have_text("My work")
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Entry completed")
    await expect(drafts).to_have_text("You have no drafts to complete.")


async def test_a_sessions_page_lists_the_actions_agreed_in_it(page: Page, served: Served) -> None:
    town = served.town
    manager = _token("pod_manager", town.north)
    async with httpx.AsyncClient(base_url=served.url, timeout=30) as client:
        found = await client.get(
            f"/supervision/v1/pods/{town.north}/actions", headers={"Authorization": f"Bearer {manager}"}
        )
        if not found.json()["items"]:
            await seed_signed_off_actions(client, manager, town)
            found = await client.get(
                f"/supervision/v1/pods/{town.north}/actions", headers={"Authorization": f"Bearer {manager}"}
            )
    session = found.json()["items"][0]["session_id"]
    ring, book = "Ring Leo's school about attendance", "Book Leo's health assessment"
    await sign_in(page, "pod_manager", town.north, town.workers["Nora"])
    await page.goto(f"/sessions/{session}")
    actions = page.locator("#actions")
    await expect(actions.locator("tbody tr")).to_have_count(2)
    await expect(actions).to_contain_text(ring)
    await expect(actions).to_contain_text("Leo Hart")
    await expect(actions).to_contain_text("Amy Osei")
    await actions.scroll_into_view_if_needed()
    await accessible(page, "session-actions")
    await actions.locator("a", has_text=book).click()
    await expect(page.locator("h1")).to_have_text(book)
    await page.click("a.govuk-back-link")
    await expect(page).to_have_url(f"{served.url}/sessions/{session}")
