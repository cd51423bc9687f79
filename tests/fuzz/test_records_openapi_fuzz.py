"""Schemathesis over the records service's own OpenAPI document, with a head of service's token, on a records
service that already follows a small town: no request, valid or not, gets a server error, and no request that
breaks the schema is accepted."""

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

from services.records.service import service
from shared.auth.tokens import mint_development_token
from shared.messaging.local import LocalLogTransport
from shared.runtime.app import platform_app
from shared.runtime.runner import ServiceRuntime
from shared.settings import PlatformSettings
from tests.api.records.conftest import town_facts
from tests.handlers.kpi.deliveries import Facts, deliveries

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase as Case

SETTINGS = PlatformSettings(environment="test", auth_signing_key="records-fuzz-signing-key-for-tests-only")


class StartedOnce:
    """The platform starts once (migrations, relay, consumer), follows a small town, and keeps running for the
    module, as a deployed service would; schemathesis would otherwise restart it for every operation."""

    def __init__(self, app: Any, runtime: ServiceRuntime) -> None:
        self.app = app
        self.runtime = runtime
        self.started = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        while (await receive())["type"] != "lifespan.shutdown":
            if not self.started:
                await self.app.router.lifespan_context(self.app).__aenter__()
                assert self.runtime.consumer is not None
                await self.runtime.consumer.apply_batch(deliveries(town_facts(Facts())))
                self.started = True
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})


class HeadOfService:
    def get(self, case: Case, context: object) -> str:
        return mint_development_token(SETTINGS, subject="fuzzer", roles=["head_of_service"], lifetime_seconds=3600)

    def set(self, case: Case, token: str, context: object) -> None:
        headers = CaseInsensitiveDict(case.headers or {})
        headers["Authorization"] = f"Bearer {token}"
        case.headers = headers


def _records_schema() -> BaseSchema:
    transport = LocalLogTransport("sqlite+aiosqlite://")
    database = Path(tempfile.mkdtemp(prefix="records-fuzz-")) / "records.sqlite"
    runtime = ServiceRuntime(service, SETTINGS, transport, f"sqlite+aiosqlite:///{database}")
    platform = platform_app([runtime], transport, SETTINGS)
    [records] = [route.app for route in platform.routes if isinstance(route, Mount) and route.path == service.prefix]
    assert isinstance(records, FastAPI), "each service is a FastAPI app mounted at its prefix"
    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(records.openapi())))
    loaded.app, loaded.location = StartedOnce(platform, runtime), f"{service.prefix}/openapi.json"
    loaded.auth()(HeadOfService)
    return loaded


schema = _records_schema()


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_records_api_never_fails_on_our_side_and_rejects_what_breaks_its_schema(case: Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, negative_data_rejection])
