"""Schemathesis over the supervision service's own OpenAPI document: no request, valid or not, gets a server error,
and no request that breaks the schema is accepted. Twice: as a head of service (every read) and as a pod manager of
a pod the service knows (every write gets past its role, so its body is checked)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from hypothesis import HealthCheck, settings

from services.supervision.service import service
from shared.settings import PlatformSettings
from tests.support.fuzzing import caller, service_schema, validate

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase as Case

SETTINGS = PlatformSettings(environment="test", auth_signing_key="supervision-fuzz-signing-key-for-tests-only")

POD = str(uuid.uuid4())

as_head_of_service = service_schema(service, SETTINGS, caller(SETTINGS, "head_of_service"))
as_pod_manager = service_schema(service, SETTINGS, caller(SETTINGS, "pod_manager", pods=(POD,)))


@as_head_of_service.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_supervision_api_never_fails_on_our_side_for_a_head_of_service(case: Case) -> None:
    validate(case)


@as_pod_manager.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_supervision_api_never_fails_on_our_side_for_a_pod_manager(case: Case) -> None:
    validate(case)
