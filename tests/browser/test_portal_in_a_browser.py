"""The portal as its users meet it, in Chromium: a social worker's My work; a pod manager's board, a child and a
transfer priced then confirmed; Performance's charts beside their tables; the same transfer by keyboard alone; a
visit recorded once for two siblings (and one by keyboard alone); a supervision session run to sign-off and its
decision in the child's story; feedback.
Every page passes axe-core's WCAG 2.2 AA rules with no serious or critical violation."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from playwright.async_api import Page, expect

from shared.auth.tokens import mint_development_token
from shared.settings import PlatformSettings
from tests.browser.conftest import SIGNING_KEY, Served, accessible, settled
from tests.support.portal_town import seed_feedback

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def sign_in(page: Page, role: str, pod: str | None = None, worker: str | None = None) -> None:
    await page.goto("/")
    await expect(page.locator("h1")).to_have_text("Sign in")
    await page.check(f"#role-{role}")
    if pod:
        await page.select_option("#pod_id", pod)
        await settled(page)  # htmx brings the pod's workers
    if worker:
        await page.select_option("#worker_id", worker)
    await page.click("button:text-is('Sign in')")
    await settled(page)


async def test_a_social_worker_signs_in_and_sees_their_work(page: Page, served: Served) -> None:
    town = served.town
    await page.goto("/")
    await accessible(page, "sign-in")

    await sign_in(page, "social_worker", town.north, town.workers["Amy"])

    await expect(page.locator("h1")).to_have_text("My work")
    await expect(page.locator("#caseload")).to_contain_text("Zoe Reed")
    await expect(page.locator("#caseload")).to_contain_text("Max Reed")
    await expect(page.locator("main")).to_contain_text("Ben Clarke is covering your cases (leave)")
    await accessible(page, "my-work")


async def test_signing_in_without_a_role_shows_the_error_summary_and_focuses_it(page: Page, served: Served) -> None:
    await page.goto("/sign-in")
    await page.click("button:text-is('Sign in')")

    summary = page.locator(".govuk-error-summary")
    await expect(summary).to_contain_text("Select your role")
    await expect(summary).to_be_focused()
    await accessible(page, "sign-in-error")


async def test_a_pod_manager_opens_the_board_and_a_child_and_transfers_the_case(page: Page, served: Served) -> None:
    town = served.town
    await sign_in(page, "pod_manager", town.north)

    await expect(page.locator("h1")).to_have_text("Pod 1 (North)")
    await expect(page.locator("#caseload-chart svg")).to_be_visible()
    await expect(page.locator("#members")).to_contain_text("Ben Clarke")
    await expect(page.locator("main")).to_contain_text("Reallocation of Sam Okafor's cases")
    await accessible(page, "pod-board")
    await page.click("text=See the moves and decide")
    await expect(page.locator("#moves")).to_contain_text("Ava Stone")
    await accessible(page, "plan")
    await page.click(".govuk-back-link")

    await page.click("#members >> text=Ben Clarke")
    await expect(page.locator("h1")).to_have_text("Ben Clarke's caseload")
    await accessible(page, "worker-caseload")
    await page.click("#caseload >> text=Leo Hart")
    await expect(page.locator("h1")).to_have_text("Leo Hart")
    await accessible(page, "child")

    await page.click("text=Transfer to another worker")
    await expect(page.locator("h1")).to_have_text("Transfer to another worker")
    await page.select_option("#reason", "MANAGE")
    await page.select_option("#to_worker_id", town.workers["Tia"])
    await settled(page)
    await expect(page.locator("#preview")).to_contain_text("2nd social worker in 12 months")
    await accessible(page, "transfer-preview")
    await page.click("button:text-is('Confirm transfer')")
    await settled(page)

    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Case transferred")
    await expect(page.locator("main")).to_contain_text("Tia Moss, Pod 1 (North)")
    await accessible(page, "child-after-transfer")


async def test_performance_draws_each_chart_beside_its_table(page: Page, served: Served) -> None:
    await sign_in(page, "performance_analyst")

    await expect(page.locator("h1")).to_have_text("Performance")
    drawn = ("dfe", "monthly", "pods", "visits", "complaints")
    for chart, table in ((f"{name}-chart", f"{name}-table") for name in drawn):
        await expect(page.locator(f"#{chart} svg").last).to_be_visible()
        await expect(page.locator(f"#{table} tbody tr").first).to_be_visible()
    await page.click("text=Definition >> nth=0")
    await expect(page.locator("main")).to_contain_text("short-break legal statuses V3 or V4")
    await page.click("#visits ~ .govuk-grid-row .govuk-details__summary")
    await expect(page.locator("main")).to_contain_text("reg. 28")
    await accessible(page, "performance")


async def tab_to(page: Page, selector: str, presses: int = 60) -> None:
    """Tab (only) until the element has the focus, as a keyboard user moves through the page."""
    for _ in range(presses):
        await page.keyboard.press("Tab")
        if await page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with the Tab key")


async def test_a_transfer_by_keyboard_alone(page: Page, served: Served) -> None:
    await page.goto("/sign-in")
    await page.keyboard.press("Tab")
    await expect(page.locator(".govuk-skip-link")).to_be_focused()
    await tab_to(page, "#role-social_worker")
    for _ in range(3):  # social worker → senior → in training → business support
        await page.keyboard.press("ArrowDown")
    await page.keyboard.press("ArrowDown")  # pod manager
    await expect(page.locator("#role-pod_manager")).to_be_checked()
    await tab_to(page, "#pod_id")
    await page.keyboard.press("ArrowDown")  # Pod 1 (North), the first pod
    await settled(page)
    await tab_to(page, "#sign-in-form > button.govuk-button:not(.govuk-button--secondary)")
    await page.keyboard.press("Enter")
    await settled(page)
    await expect(page.locator("h1")).to_have_text("Pod 1 (North)")

    await tab_to(page, "a[href='/children']")
    await page.keyboard.press("Enter")
    await settled(page)
    await tab_to(page, "#la_child_id")
    await page.keyboard.type("C0004")
    await page.keyboard.press("Enter")
    await settled(page)
    await expect(page.locator("h1")).to_have_text("Ava Stone")
    await tab_to(page, "a#transfer")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/transfer")
    await settled(page)
    await tab_to(page, "#to_worker_id")
    await page.keyboard.type("Nora")
    await settled(page)
    await tab_to(page, "#reason")
    await page.keyboard.type("Managing")
    await settled(page)
    await expect(page.locator("#preview")).to_contain_text("What this transfer costs in continuity")
    await tab_to(page, "#preview button.govuk-button")
    await page.keyboard.press("Enter")
    await settled(page)

    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Case transferred")
    await expect(page.locator("main")).to_contain_text("Nora Pike")
    await accessible(page, "keyboard-transfer-done")


async def test_a_social_worker_records_a_visit_for_two_siblings_and_sees_it_in_both_stories_and_my_work(
    page: Page, served: Served
) -> None:
    town = served.town
    zoe, max_ = town.children["Zoe"], town.children["Max"]
    await sign_in(page, "social_worker", town.north, town.workers["Amy"])
    await expect(page.locator("#to-see")).to_contain_text("Overdue")
    await page.click("#caseload >> text=Zoe Reed")
    await expect(page.locator("h1")).to_have_text("Zoe Reed")
    await expect(page.locator("#visits-due")).to_contain_text("Next visit due")
    await accessible(page, "child-story")

    await page.click("#record-visit")
    await expect(page.locator("h1")).to_have_text("Record a visit")
    await accessible(page, "visit-form")
    await page.check(f"#include-{max_}")
    await page.fill("#purpose", "Statutory visit")
    await page.click("button:text-is('Save the visit')")
    summary = page.locator(".govuk-error-summary")
    await expect(summary).to_be_focused()
    await expect(summary).to_contain_text("Select where the visit took place")
    await expect(summary).to_contain_text("Select whether Max was seen")
    await expect(page.locator("#purpose")).to_have_value("Statutory visit")
    await accessible(page, "visit-form-errors")

    await page.check("#visit_kind")
    await page.check(f"#seen-{zoe}")
    await page.check(f"#alone-{zoe}")
    await page.check(f"#seen-{max_}")
    await page.check(f"#alone-{max_}-no")
    await page.fill(f"#not_alone_reason-{max_}", "He wanted his sister with him")
    await page.fill("#text", "Zoe showed me her school books; Max played in the garden.")
    await page.click("button:text-is('Save the visit')")
    await settled(page)

    await expect(page.locator(".govuk-notification-banner")).to_contain_text("The visit is in Zoe and Max's story")
    entries = page.locator("#story-entries")
    await expect(entries).to_contain_text("Home visit: Zoe and Max")
    await expect(entries).to_contain_text("Max: seen, not alone (He wanted his sister with him)")
    await accessible(page, "child-story-after-visit")
    await page.click("dd >> text=Max Reed")
    await expect(page.locator("h1")).to_have_text("Max Reed")
    await expect(page.locator("#story-entries")).to_contain_text("Zoe: seen alone")
    await page.click("a:text-is('My work')")
    to_see = page.locator("#to-see")
    await expect(to_see.locator("tr", has_text="Zoe Reed")).not_to_contain_text("Overdue")
    await expect(to_see.locator("tr", has_text="Max Reed")).not_to_contain_text("Overdue")
    await accessible(page, "my-work-after-visit")

    await page.goto(f"/children/{zoe}?q=garden")
    await expect(page.locator("#story-entries mark").first).to_have_text("garden")
    await page.goto(f"/children/{zoe}/chronology")
    await expect(page.locator("#chronology")).to_contain_text("Home visit: Zoe and Max")
    await accessible(page, "chronology")
    await page.goto(f"/children/{zoe}/case-summary")
    await accessible(page, "case-summary-form")


async def test_a_pod_manager_runs_a_supervision_session_and_sees_the_decision_in_the_childs_story(
    page: Page, served: Served
) -> None:
    town = served.town
    nora, amy = town.workers["Nora"], town.workers["Amy"]
    await sign_in(page, "pod_manager", town.north, nora)
    await expect(page.locator("#agenda")).to_contain_text("Zoe Reed")
    await page.click("a:text-is('Group supervision')")
    await expect(page.locator("h1")).to_have_text("Group supervision")
    await accessible(page, "supervision-sessions")
    await page.click("button:text-is('Schedule the session')")
    await settled(page)
    await expect(page.locator("#held-form")).to_be_visible()
    await accessible(page, "session-scheduled")

    await page.select_option("#facilitator", nora)
    await page.check(f"input[name='present-{amy}']")
    await page.click("button:text-is('Record that the session was held')")
    await settled(page)
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Session held")
    await accessible(page, "session-held")
    await page.click("#agenda tr:has-text('Leo Hart') >> text=Record the discussion")
    await expect(page.locator("h1")).to_have_text("Discussion of Leo Hart")
    await page.fill("#harm", "Leo was left alone overnight twice in March.")
    await page.fill("#strengths", "His aunt visits daily.")
    await page.fill("#score-worker", "5")
    await page.fill("#score-pod", "4")
    await page.fill("#score-parent", "7")
    await page.fill("#rationale", "His aunt is willing; a plan the family makes is likelier to hold.")
    await page.click("button:text-is('Save the discussion')")
    await expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the decision")
    await expect(page.locator("#rationale")).to_have_value(
        "His aunt is willing; a plan the family makes is likelier to hold."
    )
    await accessible(page, "discussion-errors")
    await page.fill("#decision", "Family network meeting with his aunt within two weeks.")
    await page.fill("#action-1-description", "Invite Leo's aunt to the network meeting")
    await page.select_option("#action-1-owner", town.workers["Tia"])
    await page.fill("#action-1-due-day", "28")
    await page.fill("#action-1-due-month", "12")
    await page.fill("#action-1-due-year", str(date.today().year + 1))
    await accessible(page, "discussion-form")
    await page.click("button:text-is('Save the discussion')")
    await settled(page)
    await expect(page.locator("#agenda")).to_contain_text("Family network meeting with his aunt within two weeks.")
    await page.click("button:text-is('Sign off the session')")
    await settled(page)
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Session signed off")
    await accessible(page, "session-signed-off")

    await page.click("#agenda >> text=Leo Hart")
    await expect(page.locator("h1")).to_have_text("Leo Hart")
    for _ in range(20):  # the decision travels supervision → records as an event
        if "Family network meeting with his aunt" in await page.locator("#story-entries").inner_text():
            break
        await page.wait_for_timeout(250)
        await page.reload()
    await expect(page.locator("#story-entries")).to_contain_text(
        "Family network meeting with his aunt within two weeks."
    )
    await expect(page.locator("#scaling-safety-chart svg").last).to_be_visible()
    await expect(page.locator("#scaling-safety-table")).to_contain_text("7")
    await accessible(page, "child-with-decision")


async def test_feedback_shows_complaints_on_their_clocks_compliments_and_questionnaire_results(
    page: Page, served: Served
) -> None:
    settings = PlatformSettings(environment="test", auth_signing_key=SIGNING_KEY)
    officer = mint_development_token(settings, subject="feedback", roles=["feedback_officer"], lifetime_seconds=600)
    async with httpx.AsyncClient(base_url=served.url, timeout=30) as client:
        await seed_feedback(client, officer, served.town)
    await sign_in(page, "head_of_service")
    await page.click("a:text-is('Feedback')")
    await expect(page.locator("h1")).to_have_text("Feedback")
    await expect(page.locator("#overdue")).to_contain_text("Acknowledge")
    await expect(page.locator("#compliments")).to_contain_text("Amy came to every review")
    await expect(page.locator("#questionnaire")).to_contain_text("I know who my social worker is")
    await accessible(page, "feedback")


async def test_a_visit_recorded_by_keyboard_alone(page: Page, served: Served) -> None:
    town = served.town
    ava = town.children["Ava"]
    await sign_in(page, "social_worker", town.north, town.workers["Amy"])
    await page.goto(f"/children/{ava}")
    await tab_to(page, "#record-visit")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/visit")
    await settled(page)
    await expect(page.locator("h1")).to_have_text("Record a visit")
    await tab_to(page, "#visit_kind")
    await page.keyboard.press("Space")
    await tab_to(page, "#purpose")
    await page.keyboard.type("Statutory child in need visit")
    await tab_to(page, f"#seen-{ava}")
    await page.keyboard.press("Space")
    await tab_to(page, f"#alone-{ava}")
    await page.keyboard.press("Space")
    await tab_to(page, "#text")
    await page.keyboard.type("Ava talked about her new school and her friends.")
    await tab_to(page, "#visit-form button.govuk-button")
    await page.keyboard.press("Enter")
    await page.wait_for_url(f"**/children/{ava}")
    await settled(page)

    await expect(page.locator(".govuk-notification-banner")).to_contain_text("Visit recorded")
    await expect(page.locator("#story-entries")).to_contain_text("Ava: seen alone")
    await accessible(page, "keyboard-visit-done")
