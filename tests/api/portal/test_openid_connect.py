"""Outside development the portal signs users in with the council's OpenID Connect provider: authorisation code
flow with PKCE (S256). Here the provider is a small one of the test's own, which checks the code verifier exactly
as a real one does, and issues access tokens the APIs accept."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest
from fastapi import FastAPI, Form
from fastapi.responses import JSONResponse, RedirectResponse

from services import platform
from services.portal.settings import portal_settings
from shared.auth.principal import Role
from shared.auth.tokens import mint_development_token
from shared.runtime.__main__ import build
from shared.settings import PlatformSettings
from tests.api.portal.conftest import Portal
from tests.conftest import MintToken
from tests.support.portal_town import seed_portal_town

PROVIDER = "http://login.council.test"


def provider_app(settings: PlatformSettings, worker: dict[str, str]) -> FastAPI:
    """Signs in whoever asks as `worker` (a social worker of North), after checking PKCE at the token endpoint."""
    provider = FastAPI()
    codes: dict[str, dict[str, str]] = {}

    @provider.get("/.well-known/openid-configuration")
    async def discovery() -> dict[str, str]:
        return {
            "issuer": PROVIDER,
            "authorization_endpoint": f"{PROVIDER}/authorize",
            "token_endpoint": f"{PROVIDER}/token",
        }

    @provider.get("/authorize")
    async def authorize(
        redirect_uri: str, state: str, nonce: str, code_challenge: str, code_challenge_method: str, client_id: str
    ) -> RedirectResponse:
        assert (code_challenge_method, client_id) == ("S256", "continuum-portal")
        code = secrets.token_urlsafe(16)
        codes[code] = {"challenge": code_challenge, "nonce": nonce, "redirect_uri": redirect_uri}
        return RedirectResponse(f"{redirect_uri}?code={code}&state={state}", status_code=302)

    @provider.post("/token")
    async def token(
        code: str = Form(), code_verifier: str = Form(), redirect_uri: str = Form(), grant_type: str = Form()
    ) -> JSONResponse:
        issued = codes.pop(code, None)
        digest = base64.urlsafe_b64encode(hashlib.sha256(code_verifier.encode()).digest()).rstrip(b"=").decode()
        if issued is None or digest != issued["challenge"] or redirect_uri != issued["redirect_uri"]:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        access = mint_development_token(
            settings, subject=worker["id"], roles=["social_worker"], pods=[worker["pod"]], worker_id=worker["id"]
        )
        identity = jwt.encode(
            {"sub": worker["id"], "name": "Amy Osei", "nonce": issued["nonce"]},
            "the-providers-own-key-for-id-tokens",
            "HS256",
        )
        return JSONResponse({"access_token": access, "id_token": identity, "token_type": "Bearer"})

    return provider


@pytest.fixture
async def council_portal(
    tmp_path: Path, platform_settings: PlatformSettings, mint_token: MintToken, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Portal]:
    monkeypatch.setenv("CONTINUUM_PORTAL_OIDC_DISCOVERY_URL", f"{PROVIDER}/.well-known/openid-configuration")
    monkeypatch.setenv("CONTINUUM_PORTAL_OIDC_CLIENT_ID", "continuum-portal")
    portal_settings.cache_clear()
    names = [platform.declaration(name) for name in (*platform.SERVICES, platform.PORTAL)]
    app: Any = build("embedded", names, tmp_path, platform_settings)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://portal.test") as client,
        ):
            town = await seed_portal_town(client, mint_token(Role.head_of_service))
            portal = Portal(client, app, town)
            worker = {"id": town.workers["Amy"], "pod": town.north}
            portal.web.state.oidc_http = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=provider_app(platform_settings, worker))
            )
            yield portal
    finally:
        portal_settings.cache_clear()


async def _at_the_provider(portal: Portal, redirect: str) -> str:
    """The user signs in at the provider, which sends them back to the portal's callback."""
    provider: httpx.AsyncClient = portal.web.state.oidc_http
    answer = await provider.get(redirect)
    assert answer.status_code == 302, answer.text
    return str(answer.headers["location"])


async def test_signing_in_uses_the_code_flow_with_pkce_and_returns_to_the_page_asked_for(
    council_portal: Portal,
) -> None:
    portal = council_portal

    asked = await portal.client.get("/my-work")
    to_provider = await portal.client.get(asked.headers["location"])
    query = parse_qs(urlsplit(to_provider.headers["location"]).query)
    back = await _at_the_provider(portal, to_provider.headers["location"])
    signed = await portal.client.get(back)
    page = await portal.client.get(signed.headers["location"])

    assert to_provider.status_code == 303
    assert to_provider.headers["location"].startswith(f"{PROVIDER}/authorize?")
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["http://portal.test/sign-in/callback"]
    assert query["response_type"] == ["code"]
    assert (signed.status_code, signed.headers["location"]) == (303, "/my-work")
    assert page.status_code == 200
    assert "Signed in as <strong>Amy Osei</strong>" in page.text
    assert "Zoe Reed" in page.text, "the provider's access token is what the APIs verified"


async def test_a_callback_with_another_state_is_refused(council_portal: Portal) -> None:
    portal = council_portal
    to_provider = await portal.client.get("/sign-in")
    back = await _at_the_provider(portal, to_provider.headers["location"])

    forged = await portal.client.get(back.replace("state=", "state=x"))

    assert forged.status_code == 400
    assert "You are not signed in" in forged.text
    assert (await portal.client.get("/my-work")).status_code == 303


async def test_a_code_replayed_without_this_sessions_verifier_gets_no_session(council_portal: Portal) -> None:
    portal = council_portal
    to_provider = await portal.client.get("/sign-in")
    back = await _at_the_provider(portal, to_provider.headers["location"])
    await portal.client.get(back)
    portal.client.cookies.clear()

    replayed = await portal.client.get(back)

    assert replayed.status_code == 400, "the state and verifier lived in the first browser's session only"
