"""What every service in services/platform.py answers alike: its OpenAPI documents each operation and the problems
it can answer, and a query parameter an operation does not take is refused with 422 naming it."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from services import platform
from shared.auth.principal import Role
from shared.problems import PROBLEM_JSON
from shared.runtime.__main__ import build
from shared.settings import PlatformSettings
from tests.conftest import MintToken

PROBLEMS_OF_EVERY_OPERATION = {"401", "403", "422"}


@pytest.fixture
async def client(tmp_path: Path, platform_settings: PlatformSettings) -> AsyncIterator[httpx.AsyncClient]:
    every_service = [platform.declaration(name) for name in platform.SERVICES]
    app: Any = build("embedded", every_service, tmp_path, platform_settings)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        yield client


async def _openapi(client: httpx.AsyncClient, name: str) -> dict[str, Any]:
    response = await client.get(f"/{name}/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


@pytest.mark.parametrize("name", platform.SERVICES)
async def test_every_operation_is_described_and_documents_its_problems(client: httpx.AsyncClient, name: str) -> None:
    document = await _openapi(client, name)
    assert "Problem" in document["components"]["schemas"]
    for method, path, operation in _operations(document):
        where = f"{name} {method} {path}"
        assert operation.get("summary"), f"{where} has no summary"
        assert operation.get("description"), f"{where} has no description"
        responses = operation["responses"]
        assert set(responses) >= PROBLEMS_OF_EVERY_OPERATION, f"{where} does not document 401/403/422"
        for status in PROBLEMS_OF_EVERY_OPERATION:
            assert PROBLEM_JSON in responses[status]["content"], f"{where} {status} is not problem+json"
        if "{" in path:
            assert "404" in responses, f"{where} takes an id but documents no 404"


@pytest.mark.parametrize("name", platform.SERVICES)
async def test_a_query_parameter_an_operation_does_not_take_is_refused_naming_it(
    client: httpx.AsyncClient, mint_token: MintToken, name: str
) -> None:
    headers = {"Authorization": f"Bearer {mint_token(Role.head_of_service, Role.auditor)}"}
    for method, path, _ in _operations(await _openapi(client, name)):
        if method != "GET":
            continue
        concrete = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)
        response = await client.get(f"/{name}/v1{concrete}", params={"no_such_filter": "x"}, headers=headers)
        assert response.status_code == 422, f"{name} GET {path}: {response.status_code} {response.text[:200]}"
        assert response.json()["errors"][0]["field"] == "query.no_such_filter", f"{name} GET {path}"


@pytest.mark.parametrize("name", platform.SERVICES)
async def test_every_services_audit_trail_is_read_by_auditors_through_the_same_route(
    client: httpx.AsyncClient, mint_token: MintToken, name: str
) -> None:
    auditor = {"Authorization": f"Bearer {mint_token(Role.auditor, subject='the-auditor')}"}
    head = {"Authorization": f"Bearer {mint_token(Role.head_of_service)}"}

    refused = await client.get(f"/{name}/v1/audit-log", headers=head)
    first = await client.get(f"/{name}/v1/audit-log", headers=auditor)
    then = await client.get(f"/{name}/v1/audit-log", params={"actor": "the-auditor"}, headers=auditor)

    assert refused.status_code == 403
    assert first.status_code == 200
    assert [entry["resource"] for entry in then.json()["items"]] == ["audit-log"], "reading the trail went unrecorded"
