"""The portal's web app: server-rendered GOV.UK pages over the other services' public REST APIs.

Mounted by the platform at `/` (after health, metrics and every `/{service}/v1`): in `make run` beside the services,
calling them in-process; deployed as its own process (`python -m services serve portal`), calling them over HTTP.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.portal.backend import make_client
from services.portal.settings import portal_settings
from shared.runtime.runner import ServiceRuntime

from . import (
    actions,
    children,
    entries,
    feedback,
    my_work,
    performance,
    plans,
    pods,
    signin,
    supervision,
    transfers,
    visits,
)
from .assets import install_assets
from .errors import install_error_pages, not_found
from .session import SessionMiddleware, fernet_for

# Scripts only from here (no inline script, no eval); Observable Plot and htmx set inline styles.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "object-src 'none'"
)


class SecurityHeaders:
    """A child's data is never cached, framed or sniffed; pages run only this site's scripts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        asset = scope["path"].startswith("/assets/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers += [
                    (b"content-security-policy", POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),
                ]
                headers.append((b"cache-control", b"public, max-age=3600" if asset else b"no-store"))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def portal_app(runtime: ServiceRuntime, platform: Any) -> FastAPI:
    settings = portal_settings()
    refused = settings.refusals(runtime.settings)
    if refused:
        raise SystemExit("the portal cannot start: " + "; ".join(refused))
    # Every API call would otherwise be an INFO line of its own; the page's Server-Timing counts them.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    app = FastAPI(title="Continuum portal", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.runtime = runtime
    app.state.platform_settings = runtime.settings
    app.state.api_client = make_client(settings, platform)
    install_assets(app)
    for module in (
        signin,
        my_work,
        pods,
        plans,
        children,
        visits,
        transfers,
        supervision,
        actions,
        entries,
        feedback,
        performance,
    ):
        app.include_router(module.router)
    install_error_pages(app)

    async def unmatched(request: Request, _: Exception) -> Response:
        return not_found(request)

    app.add_exception_handler(RequestValidationError, unmatched)
    app.add_middleware(
        SessionMiddleware,
        fernet=fernet_for(settings.session_secret),
        max_age=int(settings.session_hours * 3600),
        secure=runtime.settings.environment == "production",
    )
    app.add_middleware(SecurityHeaders)
    return app
