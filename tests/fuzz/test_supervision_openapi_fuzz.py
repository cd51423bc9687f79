"""Schemathesis over the supervision service's own OpenAPI document: no request, valid or not, gets a server error,
and no request that breaks the schema is accepted. Twice: as a head of service (every read) and as a pod manager of
a pod the service knows (every write gets past its role, so its body is checked)."""

from __future__ import annotations

import json
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from requests.structures import CaseInsensitiveDict
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import negative_data_rejection
from starlette.routing import Mount

from services.supervision.service import service
from shared.auth.tokens import mint_development_token
from shared.messaging.local import LocalLogTransport
from shared.runtime.app import platform_app
from shared.runtime.runner import ServiceRuntime
from shared.settings import PlatformSettings
from tests.fuzz.test_allocation_openapi_fuzz import StartedOnce

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase as Case

SETTINGS = PlatformSettings(environment="test", auth_signing_key="supervision-fuzz-signing-key-for-tests-only")
POD = str(uuid.uuid4())


def _bearer(case: Case, roles: list[str], pods: list[str]) -> None:
    token = mint_development_token(SETTINGS, subject="fuzzer", roles=roles, pods=pods, lifetime_seconds=3600)
    headers = CaseInsensitiveDict(case.headers or {})
    headers["Authorization"] = f"Bearer {token}"
    case.headers = headers


class HeadOfService:
    def get(self, case: Case, context: object) -> str:
        return "head_of_service"

    def set(self, case: Case, data: str, context: object) -> None:
        _bearer(case, [data], [])


class PodManager:
    def get(self, case: Case, context: object) -> str:
        return "pod_manager"

    def set(self, case: Case, data: str, context: object) -> None:
        _bearer(case, [data], [POD])


def _supervision_schema(auth: type) -> BaseSchema:
    """The document comes from the app itself; the platform starts (in a temporary directory) with the first request."""
    transport = LocalLogTransport("sqlite+aiosqlite://")
    database = Path(tempfile.mkdtemp(prefix="supervision-fuzz-")) / "supervision.sqlite"
    runtime = ServiceRuntime(service, SETTINGS, transport, f"sqlite+aiosqlite:///{database}")
    platform = platform_app([runtime], transport, SETTINGS)
    [app] = [route.app for route in platform.routes if isinstance(route, Mount) and route.path == service.prefix]
    assert isinstance(app, FastAPI), "each service is a FastAPI app mounted at its prefix"
    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(app.openapi())))
    loaded.app, loaded.location = StartedOnce(platform), f"{service.prefix}/openapi.json"
    loaded.auth()(auth)
    return loaded


as_head_of_service = _supervision_schema(HeadOfService)
as_pod_manager = _supervision_schema(PodManager)


@as_head_of_service.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_supervision_api_never_fails_on_our_side_for_a_head_of_service(case: Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, negative_data_rejection])


@as_pod_manager.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_supervision_api_never_fails_on_our_side_for_a_pod_manager(case: Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, negative_data_rejection])
