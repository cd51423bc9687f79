"""The portal in a real browser: `make run`'s own command serving allocation, KPI and the portal in one process
(SQLite files, the in-process log), a small town seeded through the public APIs, and Debian's Chromium driven by
Playwright. Screenshots of every page are kept in artefacts/browser/ (git-ignored)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, async_playwright

from shared.auth.tokens import mint_development_token
from shared.settings import PlatformSettings
from tests.support.portal_town import PortalTown, seed_portal_town
from tests.support.processes import REPOSITORY, free_port, service_environment

CHROMIUM = Path(os.environ.get("CONTINUUM_TEST_CHROMIUM", "/usr/bin/chromium"))
# Playwright's own browser download cannot be reached here: Debian's Chromium, headless, quiet, offline.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTEFACTS = REPOSITORY / "artefacts" / "browser"
AXE = REPOSITORY / "services" / "portal" / "node_modules" / "axe-core" / "axe.min.js"
SIGNING_KEY = "continuum-browser-tests-signing-key-not-for-production"


@dataclass
class Served:
    url: str
    town: PortalTown


def _chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("CONTINUUM_REQUIRE_INFRA") == "1":
        pytest.fail(f"no Chromium at {CHROMIUM}: make test installs Debian's chromium", pytrace=False)
    pytest.skip(f"needs Chromium at {CHROMIUM} (make test installs it)")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m services run` (what `make run` runs) on a port of its own, with an empty council."""
    _chromium()
    directory = tmp_path_factory.mktemp("portal")
    port = free_port()
    environment = service_environment(CONTINUUM_ENVIRONMENT="test", CONTINUUM_AUTH_SIGNING_KEY=SIGNING_KEY)
    command = [sys.executable, "-m", "services", "run", "--port", str(port), "--data-dir", str(directory)]
    log = (directory / "server.log").open("wb")
    process = subprocess.Popen([*command, "--demo", "none"], cwd=REPOSITORY, env=environment, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (directory / "server.log").read_text()
            try:
                if httpx.get(f"{url}/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the platform did not become ready"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def served(server: str) -> Served:
    settings = PlatformSettings(environment="test", auth_signing_key=SIGNING_KEY)
    token = mint_development_token(settings, subject="front-door", roles=["head_of_service"], lifetime_seconds=600)
    async with httpx.AsyncClient(base_url=server, timeout=30) as client:
        town = await seed_portal_town(client, token)
    return Served(server, town)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser(served: Served) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(_chromium()), args=FLAGS)
        yield launched
        await launched.close()


@pytest_asyncio.fixture(loop_scope="module")
async def page(browser: Browser, served: Served) -> AsyncIterator[Page]:
    """A fresh browser context (no session) for each test; any CSP refusal or script error fails the test."""
    context = await browser.new_context(base_url=served.url, viewport={"width": 1200, "height": 900})
    opened = await context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    # A page answering 4xx on purpose (an error summary, a 403) is a document; a failing asset is not.
    opened.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    opened.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    yield opened
    await context.close()
    assert problems == [], "the browser reported errors (a CSP refusal, a missing asset, a script error)"


async def accessible(page: Page, name: str) -> None:
    """axe-core (the pinned local copy) over the page: no serious or critical WCAG 2.2 AA violation; and a
    screenshot kept as a test artefact."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.evaluate(AXE.read_text())
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
    results: dict[str, Any] = await page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", tags
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{name}: accessibility violations"


async def settled(page: Page) -> None:
    """Network quiet: htmx swaps done and charts drawn."""
    await page.wait_for_load_state("networkidle")
    await asyncio.sleep(0)
