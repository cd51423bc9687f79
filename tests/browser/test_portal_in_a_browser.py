"""The portal as its users meet it, in Chromium: a social worker's My work; a pod manager's board, a child and a
transfer priced then confirmed; Performance's charts beside their tables; the same transfer by keyboard alone.
Every page passes axe-core's WCAG 2.2 AA rules with no serious or critical violation."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import Served, accessible, settled

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
    for chart, table in (("dfe-chart", "dfe-table"), ("monthly-chart", "monthly-table"), ("pods-chart", "pods-table")):
        await expect(page.locator(f"#{chart} svg").last).to_be_visible()
        await expect(page.locator(f"#{table} tbody tr").first).to_be_visible()
    await page.click("text=Definition >> nth=0")
    await expect(page.locator("main")).to_contain_text("short-break legal statuses V3 or V4")
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
    await tab_to(page, "a.govuk-button")
    await page.keyboard.press("Enter")
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
