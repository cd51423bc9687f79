"""`Idempotency-Key` is scoped to the caller's whole identity and to the request's method and path; the response is
kept in the same transaction as the effect; a reservation whose request died is taken over by the retry."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from shared.auth.principal import Role
from shared.idempotency import IdempotencyMiddleware
from tests.conftest import MintToken
from tests.support.embedded import EmbeddedPlatform
from tests.support.probe_service import pings, platform


@pytest.fixture
def client(embedded_platform: EmbeddedPlatform) -> httpx.AsyncClient:
    assert embedded_platform.client is not None
    return embedded_platform.client


def _ping() -> dict[str, Any]:
    return {"subject_id": str(uuid.uuid4()), "sequence": 1}


async def _pings(platform_: EmbeddedPlatform) -> int:
    async with platform_.probe.engine.connect() as connection:
        return int((await connection.execute(sa.select(sa.func.count()).select_from(pings))).scalar_one())


async def test_the_same_subject_in_another_role_never_gets_the_other_roles_response(
    client: httpx.AsyncClient, embedded_platform: EmbeddedPlatform, mint_token: MintToken
) -> None:
    body = _ping()
    as_system = {"Authorization": f"Bearer {mint_token(Role.system, subject='amy')}", "Idempotency-Key": "k"}
    as_auditor = {"Authorization": f"Bearer {mint_token(Role.auditor, subject='amy')}", "Idempotency-Key": "k"}

    allowed = await client.post("/probe/v1/pings", json=body, headers=as_system)
    refused = await client.post("/probe/v1/pings", json=body, headers=as_auditor)

    assert allowed.status_code == 201
    assert refused.status_code == 403, "the auditor got the system's stored response back"
    assert "idempotent-replayed" not in refused.headers


async def test_the_same_key_on_another_path_is_another_request(
    client: httpx.AsyncClient, embedded_platform: EmbeddedPlatform, mint_token: MintToken
) -> None:
    headers = {"Authorization": f"Bearer {mint_token(Role.system)}", "Idempotency-Key": "k"}

    await client.post("/probe/v1/pings", json=_ping(), headers=headers)
    elsewhere = await client.post("/probe/v1/no-such-route", json=_ping(), headers=headers)

    assert elsewhere.status_code == 404, "a key used on one path was answered as a replay on another"


async def test_the_response_is_kept_with_the_effect_even_if_the_request_dies_before_settling(
    client: httpx.AsyncClient,
    embedded_platform: EmbeddedPlatform,
    mint_token: MintToken,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = {"Authorization": f"Bearer {mint_token(Role.system)}", "Idempotency-Key": "dies-after-commit"}
    body = _ping()

    async def died(*_: object) -> None:
        return None  # the process went away after the business commit, before the middleware settled the key

    with monkeypatch.context() as patch:
        patch.setattr(IdempotencyMiddleware, "_settle", died)
        first = await client.post("/probe/v1/pings", json=body, headers=headers)
    retried = await client.post("/probe/v1/pings", json=body, headers=headers)

    assert first.status_code == 201
    assert (retried.status_code, retried.json()) == (201, first.json()), "the retry never learnt the outcome"
    assert retried.headers.get("idempotent-replayed") == "true"
    assert await _pings(embedded_platform) == 1


async def test_a_reservation_whose_request_died_is_taken_over_and_a_live_one_is_not(
    client: httpx.AsyncClient, embedded_platform: EmbeddedPlatform, mint_token: MintToken
) -> None:
    headers = {"Authorization": f"Bearer {mint_token(Role.system)}", "Idempotency-Key": "killed"}
    body = _ping()
    in_progress = await client.post("/probe/v1/pings", json=body, headers=headers)
    keys = platform.idempotency_keys
    async with embedded_platform.probe.engine.begin() as connection:
        # As a SIGKILL mid-request leaves it: reserved, no response, and (the effect rolled back) no ping.
        await connection.execute(keys.update().values(status_code=None, response_body=None, response_headers=None))
        await connection.execute(pings.delete())

    still_running = await client.post("/probe/v1/pings", json=body, headers=headers)
    async with embedded_platform.probe.engine.begin() as connection:
        await connection.execute(keys.update().values(reserved_at=datetime.now(UTC) - timedelta(minutes=5)))
    after_the_lease = await client.post("/probe/v1/pings", json=body, headers=headers)

    assert in_progress.status_code == 201
    assert still_running.status_code == 409, "a reservation younger than its lease must not be taken over"
    assert after_the_lease.status_code == 201, "a dead request's key stayed reserved for ever"
    assert await _pings(embedded_platform) == 1
