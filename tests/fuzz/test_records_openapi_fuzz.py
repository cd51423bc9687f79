"""Schemathesis over the records service's own OpenAPI document, with a head of service's token, on a records
service that already follows a small town: no request, valid or not, gets a server error, and no request that
breaks the schema is accepted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import HealthCheck, settings

from services.records.service import service
from shared.runtime.runner import ServiceRuntime
from shared.settings import PlatformSettings
from tests.api.records.conftest import town_facts
from tests.handlers.kpi.deliveries import Facts, deliveries
from tests.support.fuzzing import caller, service_schema, validate

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase as Case

SETTINGS = PlatformSettings(environment="test", auth_signing_key="records-fuzz-signing-key-for-tests-only")


async def _follow_a_small_town(runtime: ServiceRuntime) -> None:
    assert runtime.consumer is not None
    await runtime.consumer.apply_batch(deliveries(town_facts(Facts())))


schema = service_schema(service, SETTINGS, caller(SETTINGS, "head_of_service"), _follow_a_small_town)


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_records_api_never_fails_on_our_side_and_rejects_what_breaks_its_schema(case: Case) -> None:
    validate(case)
