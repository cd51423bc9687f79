"""Schemathesis over the feedback service's own OpenAPI document, with a feedback officer's token: no request,
valid or not, gets a server error, and no request that breaks the schema is accepted."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from requests.structures import CaseInsensitiveDict
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import negative_data_rejection
from starlette.routing import Mount
from starlette.types import Receive, Scope, Send

from services.feedback.service import service
from shared.auth.tokens import mint_development_token
from shared.messaging.local import LocalLogTransport
from shared.runtime.app import platform_app
from shared.runtime.runner import ServiceRuntime
from shared.settings import PlatformSettings

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase as Case

SETTINGS = PlatformSettings(environment="test", auth_signing_key="feedback-fuzz-signing-key-for-tests-only")


class StartedOnce:
    """Schemathesis ends an ASGI app's lifespan after every operation and starts it again for the next; the
    platform starts once (migrations, relay) and keeps running for the module, as a deployed service would."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.started = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        while (await receive())["type"] != "lifespan.shutdown":
            if not self.started:
                await self.app.router.lifespan_context(self.app).__aenter__()
                self.started = True
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})


class FeedbackTeam:
    """Set through schemathesis, not by hand, so a case that deliberately leaves the token out goes without one."""

    def get(self, case: Case, context: object) -> str:
        return mint_development_token(SETTINGS, subject="fuzzer", roles=["feedback_officer"], lifetime_seconds=3600)

    def set(self, case: Case, token: str, context: object) -> None:
        headers = CaseInsensitiveDict(case.headers or {})
        headers["Authorization"] = f"Bearer {token}"
        case.headers = headers


def _feedback_schema() -> BaseSchema:
    """The document comes from the app itself, so collecting this module starts nothing; the platform starts
    (in a temporary directory) with the first request."""
    transport = LocalLogTransport("sqlite+aiosqlite://")
    database = Path(tempfile.mkdtemp(prefix="feedback-fuzz-")) / "feedback.sqlite"
    runtime = ServiceRuntime(service, SETTINGS, transport, f"sqlite+aiosqlite:///{database}")
    platform = platform_app([runtime], transport, SETTINGS)
    [feedback] = [route.app for route in platform.routes if isinstance(route, Mount) and route.path == service.prefix]
    assert isinstance(feedback, FastAPI), "each service is a FastAPI app mounted at its prefix"
    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(feedback.openapi())))
    loaded.app, loaded.location = StartedOnce(platform), f"{service.prefix}/openapi.json"
    loaded.auth()(FeedbackTeam)
    return loaded


schema = _feedback_schema()


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_feedback_api_never_fails_on_our_side_and_rejects_what_breaks_its_schema(case: Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, negative_data_rejection])
