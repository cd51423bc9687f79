"""Schemathesis over one service's own OpenAPI document, the same way for every service: the platform with that
service alone on SQLite in a temporary directory, started once for the module, and a caller's token set through
schemathesis (so a case that deliberately leaves the token out goes without one)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import schemathesis
from fastapi import FastAPI
from requests.structures import CaseInsensitiveDict
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import negative_data_rejection
from starlette.routing import Mount
from starlette.types import Receive, Scope, Send

from shared.auth.tokens import mint_development_token
from shared.messaging.local import LocalLogTransport
from shared.runtime.app import platform_app
from shared.runtime.runner import ServiceRuntime
from shared.runtime.service import Service
from shared.settings import PlatformSettings

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase as Case

AfterStart = Callable[[ServiceRuntime], Awaitable[None]]


class StartedOnce:
    """Schemathesis ends an ASGI app's lifespan after every operation and starts it again for the next; the
    platform starts once (migrations, relay, consumer) and keeps running for the module, as a deployed service
    would. `after_start` runs once when it has started (e.g. to let the service follow a small town)."""

    def __init__(self, app: Any, runtime: ServiceRuntime, after_start: AfterStart | None = None) -> None:
        self.app = app
        self.runtime = runtime
        self.after_start = after_start
        self.started = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        while (await receive())["type"] != "lifespan.shutdown":
            if not self.started:
                await self.app.router.lifespan_context(self.app).__aenter__()
                if self.after_start is not None:
                    await self.after_start(self.runtime)
                self.started = True
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})


def caller(settings: PlatformSettings, role: str, *, pods: tuple[str, ...] = (), worker_id: str | None = None) -> type:
    """A schemathesis auth class giving each case a development token of one role."""

    class Caller:
        def get(self, case: Case, context: object) -> str:
            return mint_development_token(
                settings, subject="fuzzer", roles=[role], pods=list(pods), worker_id=worker_id, lifetime_seconds=3600
            )

        def set(self, case: Case, token: str, context: object) -> None:
            headers = CaseInsensitiveDict(case.headers or {})
            headers["Authorization"] = f"Bearer {token}"
            case.headers = headers

    Caller.__name__ = Caller.__qualname__ = role.title().replace("_", "")
    return Caller


def service_schema(
    service: Service, settings: PlatformSettings, auth: type, after_start: AfterStart | None = None
) -> BaseSchema:
    """The service's document comes from its app, so collecting a module starts nothing; the platform starts with
    the first request."""
    transport = LocalLogTransport("sqlite+aiosqlite://")
    database = Path(tempfile.mkdtemp(prefix=f"{service.name}-fuzz-")) / f"{service.name}.sqlite"
    runtime = ServiceRuntime(service, settings, transport, f"sqlite+aiosqlite:///{database}")
    platform = platform_app([runtime], transport, settings)
    [app] = [route.app for route in platform.routes if isinstance(route, Mount) and route.path == service.prefix]
    assert isinstance(app, FastAPI), "each service is a FastAPI app mounted at its prefix"
    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(app.openapi())))
    loaded.app, loaded.location = StartedOnce(platform, runtime, after_start), f"{service.prefix}/openapi.json"
    loaded.auth()(auth)
    return loaded


def validate(case: Case) -> None:
    """No request, valid or not, gets a server error; no request that breaks the schema is accepted."""
    case.call_and_validate(checks=[not_a_server_error, negative_data_rejection])
