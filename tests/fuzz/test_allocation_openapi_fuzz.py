"""Schemathesis over the allocation service's own OpenAPI document, with a head of service's token: no request,
valid or not, gets a server error, and no request that breaks the schema is accepted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import HealthCheck, settings

from services.allocation.service import service
from shared.settings import PlatformSettings
from tests.support.fuzzing import caller, service_schema, validate

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase as Case

SETTINGS = PlatformSettings(environment="test", auth_signing_key="allocation-fuzz-signing-key-for-tests-only")

schema = service_schema(service, SETTINGS, caller(SETTINGS, "head_of_service"))


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_allocation_api_never_fails_on_our_side_and_rejects_what_breaks_its_schema(case: Case) -> None:
    validate(case)
