"""The portal over HTTP, in process: allocation, KPI and the portal in one platform app (SQLite files, the local
log), as `make run` serves them, with the small town seeded through the public APIs."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from services import platform
from shared.auth.principal import Role
from shared.runtime.__main__ import build
from shared.settings import PlatformSettings
from tests.conftest import MintToken
from tests.support.portal_town import PortalTown, seed_portal_town

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Portal:
    client: httpx.AsyncClient
    app: Any
    town: PortalTown

    @property
    def web(self) -> Any:
        """The portal's own app, as the platform mounted it at `/`."""
        return next(route.app for route in self.app.routes if getattr(route, "path", None) == "")

    async def csrf(self, path: str = "/sign-in") -> str:
        page = await self.client.get(path)
        found = CSRF.search(page.text)
        assert found, f"no CSRF token on {path}"
        return found[1]

    async def sign_in(self, role: str, pod: str | None = None, worker: str | None = None) -> httpx.Response:
        form = {"csrf_token": await self.csrf(), "role": role, "pod_id": pod or "", "worker_id": worker or ""}
        return await self.client.post("/sign-in", data=form)


@pytest.fixture
async def portal(tmp_path: Path, platform_settings: PlatformSettings, mint_token: MintToken) -> AsyncIterator[Portal]:
    names = [platform.declaration(name) for name in (*platform.SERVICES, platform.PORTAL)]
    app: Any = build("embedded", names, tmp_path, platform_settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://portal.test") as client,
    ):
        town = await seed_portal_town(client, mint_token(Role.head_of_service))
        yield Portal(client, app, town)
