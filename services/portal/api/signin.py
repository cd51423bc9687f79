"""Signing in and out. In development, a page to pick a role, pod and worker (the portal mints the development
token, as `make token` does); outside development, OpenID Connect authorisation code flow with PKCE against the
council's provider, whose access token the APIs verify."""

from __future__ import annotations

import time
from typing import Annotated, Any
from urllib.parse import urlsplit

import httpx
import jwt
from authlib.common.security import generate_token
from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.portal.backend import Backend
from services.portal.rules import navigation
from services.portal.rules.caseload import pod_order
from services.portal.rules.sign_in import ROLES, read_claims
from services.portal.settings import PortalSettings, portal_settings
from shared.auth.tokens import mint_development_token
from shared.settings import PlatformSettings

from .pages import render
from .session import CsrfChecked, SignedIn, session_of, sign_in, signed_in

router = APIRouter()


def development(request: Request) -> bool:
    """Tokens can be minted here: no provider configured and not production (development or a test)."""
    platform: PlatformSettings = request.app.state.platform_settings
    return platform.environment != "production" and not portal_settings().oidc_discovery_url


def _safe_next(target: str | None) -> str:
    """Back to the page that asked for sign-in: a path on this site only, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        return "/"
    return target


@router.get("/sign-in", response_class=HTMLResponse)
async def sign_in_page(
    request: Request,
    next_page: Annotated[str | None, Query(alias="next")] = None,
    pod_id: Annotated[str | None, Query()] = None,
) -> Response:
    """Development: pick who to be. Otherwise: off to the council's sign-in page."""
    if not development(request):
        return await _to_the_provider(request, _safe_next(next_page))
    return await _picker(request, {"pod_id": pod_id or "", "next": _safe_next(next_page)}, {})


async def _picker(request: Request, values: dict[str, str], errors: dict[str, str]) -> HTMLResponse:
    backend = Backend(request.app.state.api_client, portal_settings(), _developer_token(request))
    pods = (await backend.get("allocation", "/pods", limit=500))["items"]
    pods.sort(key=lambda p: pod_order(p["name"]))
    workers = []
    if values.get("pod_id"):
        workers = (await backend.get("allocation", "/workers", pod_id=values["pod_id"], limit=500))["items"]
        workers.sort(key=lambda w: w["name"])
    context = {"roles": ROLES, "pods": pods, "workers": workers, "values": values, "errors": errors}
    return render(request, "sign_in.html", context, status_code=400 if errors else 200)


def _developer_token(request: Request) -> str:
    """Lists pods and workers for the picker; minted only where development tokens can be."""
    return mint_development_token(
        request.app.state.platform_settings, subject="portal-sign-in", roles=["head_of_service"], lifetime_seconds=60
    )


@router.post("/sign-in", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def sign_in_as(
    request: Request,
    role: Annotated[str, Form()] = "",
    pod_id: Annotated[str, Form()] = "",
    worker_id: Annotated[str, Form()] = "",
    next_page: Annotated[str, Form(alias="next")] = "/",
    show_workers: Annotated[str, Form()] = "",
) -> Response:
    """Development only: mints a token with the chosen claims and starts a session."""
    if not development(request):
        return RedirectResponse("/sign-in", status_code=303)
    values = {"role": role, "pod_id": pod_id, "worker_id": worker_id, "next": _safe_next(next_page)}
    claims, errors = read_claims(values)
    if show_workers or claims is None:
        return await _picker(request, values, {} if show_workers else errors)
    name = "Developer"
    if claims.worker_id:
        backend = Backend(request.app.state.api_client, portal_settings(), _developer_token(request))
        name = (await backend.get("allocation", f"/workers/{claims.worker_id}"))["name"]
    lifetime = int(portal_settings().session_hours * 3600)
    token = mint_development_token(
        request.app.state.platform_settings,
        subject=claims.worker_id or f"developer-{claims.role}",
        roles=[claims.role],
        pods=[claims.pod_id] if claims.pod_id else [],
        worker_id=claims.worker_id,
        lifetime_seconds=lifetime,
    )
    user = SignedIn(
        token=token,
        name=name,
        roles=frozenset({claims.role}),
        pods=(claims.pod_id,) if claims.pod_id else (),
        worker_id=claims.worker_id,
        expires=int(time.time()) + lifetime,
    )
    sign_in(request, user)
    return RedirectResponse(_landing(values["next"], user), status_code=303)


def _landing(target: str, user: SignedIn) -> str:
    return target if target != "/" else navigation.home_for(user.roles, user.worker_id)


# OpenID Connect ------------------------------------------------------------------------------------------------


async def _provider(request: Request, settings: PortalSettings) -> dict[str, Any]:
    """The provider's discovery document, read once per process."""
    cached: dict[str, Any] | None = getattr(request.app.state, "oidc_provider", None)
    if cached is None:
        response = await _oidc_http(request).get(str(settings.oidc_discovery_url))
        response.raise_for_status()
        cached = dict(response.json())
        request.app.state.oidc_provider = cached
    return cached


def _oidc_http(request: Request) -> httpx.AsyncClient:
    client: httpx.AsyncClient | None = getattr(request.app.state, "oidc_http", None)
    if client is None:
        client = httpx.AsyncClient(timeout=portal_settings().timeout_seconds)
        request.app.state.oidc_http = client
    return client


def _callback_url(request: Request, settings: PortalSettings) -> str:
    base = settings.public_url.rstrip("/") if settings.public_url else str(request.base_url).rstrip("/")
    return f"{base}/sign-in/callback"


async def _to_the_provider(request: Request, after: str) -> Response:
    """Authorisation code flow with PKCE (RFC 7636, S256): the verifier stays in the encrypted session cookie."""
    settings = portal_settings()
    provider = await _provider(request, settings)
    verifier, state, nonce = generate_token(64), generate_token(32), generate_token(32)
    url = add_params_to_uri(
        provider["authorization_endpoint"],
        [
            ("response_type", "code"),
            ("client_id", str(settings.oidc_client_id)),
            ("redirect_uri", _callback_url(request, settings)),
            ("scope", settings.oidc_scope),
            ("state", state),
            ("nonce", nonce),
            ("code_challenge", create_s256_code_challenge(verifier)),
            ("code_challenge_method", "S256"),
        ],
    )
    session_of(request)["oidc"] = {"state": state, "verifier": verifier, "nonce": nonce, "next": after}
    return RedirectResponse(url, status_code=303)


@router.get("/sign-in/callback", response_class=HTMLResponse)
async def sign_in_callback(
    request: Request,
    code: Annotated[str | None, Query()] = None,
    state: Annotated[str | None, Query()] = None,
    error: Annotated[str | None, Query()] = None,
) -> Response:
    """The provider sends the user back with a code: exchanged (with the PKCE verifier) for the tokens."""
    pending = session_of(request).pop("oidc", None)
    if error or not code or not isinstance(pending, dict) or not state or state != pending.get("state"):
        return _not_signed_in(request, "Signing in did not finish, or the link was used twice.")
    settings = portal_settings()
    provider = await _provider(request, settings)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": _callback_url(request, settings),
        "client_id": str(settings.oidc_client_id),
        "code_verifier": pending["verifier"],
    }
    if settings.oidc_client_secret:
        form["client_secret"] = settings.oidc_client_secret
    answer = await _oidc_http(request).post(
        provider["token_endpoint"], data=form, headers={"Accept": "application/json"}
    )
    user = _user_from(answer.json(), pending["nonce"]) if answer.status_code == 200 else None
    if user is None:
        return _not_signed_in(request, "The council's sign-in service did not say who you are.")
    sign_in(request, user)
    return RedirectResponse(_landing(_safe_next(pending.get("next")), user), status_code=303)


def _not_signed_in(request: Request, why: str) -> HTMLResponse:
    lines = [why, "Go back to the start and sign in again. If it happens again, ask the service desk."]
    return render(request, "error.html", {"title": "You are not signed in", "lines": lines}, status_code=400)


def _user_from(token: dict[str, Any], nonce: str) -> SignedIn | None:
    """Who the tokens say the user is. They came straight from the provider's token endpoint over TLS (OpenID
    Connect Core 3.1.3.7), and the portal uses their claims only to choose what to offer: each API verifies the
    access token's signature, issuer and audience for itself before it answers."""
    access = token.get("access_token")
    if not access:
        return None
    try:
        claims = jwt.decode(access, options={"verify_signature": False})
        identity = jwt.decode(token["id_token"], options={"verify_signature": False}) if token.get("id_token") else {}
    except jwt.PyJWTError:
        return None
    if identity and identity.get("nonce") != nonce:
        return None
    name = identity.get("name") or claims.get("name") or identity.get("preferred_username") or claims.get("sub")
    return SignedIn(
        token=str(access),
        name=str(name),
        roles=frozenset(str(r) for r in claims.get("roles", [])),
        pods=tuple(str(p) for p in claims.get("pods", [])),
        worker_id=str(claims["worker_id"]) if claims.get("worker_id") else None,
        expires=int(claims.get("exp") or time.time() + portal_settings().session_hours * 3600),
    )


@router.post("/sign-out", dependencies=[CsrfChecked])
async def sign_out(request: Request) -> Response:
    session_of(request).clear()
    return RedirectResponse("/signed-out", status_code=303)


@router.get("/signed-out", response_class=HTMLResponse)
async def signed_out(request: Request) -> Response:
    return render(request, "signed_out.html", {})


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> Response:
    """The user's own start page: My work, the pod board or Performance."""
    user = signed_in(request)
    if user is None:
        return RedirectResponse("/sign-in", status_code=303)
    return RedirectResponse(navigation.home_for(user.roles, user.worker_id), status_code=303)
