"""Every service's API docs use the Swagger UI the project pins and serves (no CDN: a closed council network shows
them), and the portal, a service that owns no data, answers at `/` beside health and metrics, even on its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from services import platform
from services.portal.service import service as portal
from shared.runtime.__main__ import build
from shared.settings import PlatformSettings


@pytest.mark.parametrize("name", platform.SERVICES)
async def test_each_services_docs_load_swagger_ui_from_the_service_itself(
    tmp_path: Path, platform_settings: PlatformSettings, name: str
) -> None:
    app: Any = build("embedded", [platform.declaration(name)], tmp_path, platform_settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        docs = await client.get(f"/{name}/v1/docs")
        bundle = await client.get(f"/{name}/v1/docs/assets/swagger-ui-bundle.js")
        styles = await client.get(f"/{name}/v1/docs/assets/swagger-ui.css")

    assert docs.status_code == 200
    assert "https://" not in docs.text, "no asset from outside the platform"
    assert f'src="/{name}/v1/docs/assets/swagger-ui-bundle.js"' in docs.text
    assert f"url: '/{name}/v1/openapi.json'" in docs.text
    assert bundle.status_code == 200, "make venv installs the pinned Swagger UI (npm ci)"
    assert "javascript" in bundle.headers["content-type"]
    assert styles.status_code == 200


async def test_the_portal_alone_needs_no_database_no_broker_and_leaves_health_at_the_root(
    tmp_path: Path, platform_settings: PlatformSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where `python -m services serve portal` would call the services; nothing answers there, and nothing needs to.
    monkeypatch.setenv("CONTINUUM_PORTAL_API_URL", "http://127.0.0.1:9")
    from services.portal.settings import portal_settings

    portal_settings.cache_clear()
    unreachable = platform_settings.model_copy(update={"kafka_bootstrap_servers": "127.0.0.1:9"})
    app: Any = build("standalone", [platform.declaration(platform.PORTAL)], None, unreachable)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
        ):
            ready = await client.get("/health/ready")
            metrics = await client.get("/metrics")
            home = await client.get("/")
            styles = await client.get("/assets/govuk/govuk-frontend.min.css")
            font = await client.get("/assets/fonts/bold-b542beb274-v2.woff2")
            runtime = app.state.runtimes[0]
            with pytest.raises(RuntimeError, match="owns no data"):
                _ = runtime.engine
    finally:
        portal_settings.cache_clear()

    assert not portal.owns_data
    assert portal.prefix == ""
    assert ready.status_code == 200
    assert metrics.status_code == 200
    assert (home.status_code, home.headers["location"]) == (303, "/sign-in")
    assert styles.status_code == 200, "GOV.UK Frontend, pinned and served by the portal"
    assert font.status_code == 200, "its fonts at the path its CSS asks for"


async def test_a_page_says_which_service_is_not_answering(
    tmp_path: Path, platform_settings: PlatformSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONTINUUM_PORTAL_API_URL", "http://127.0.0.1:9")
    from services.portal.settings import portal_settings

    portal_settings.cache_clear()
    app: Any = build("standalone", [platform.declaration(platform.PORTAL)], None, platform_settings)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
        ):
            page = await client.get("/sign-in")
    finally:
        portal_settings.cache_clear()

    assert page.status_code == 503
    assert "The allocation service could not be reached" in page.text
