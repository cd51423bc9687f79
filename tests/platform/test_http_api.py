"""The HTTP edge of every service, through the real app and its lifespan: auth, idempotency, limits, health."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import jwt
import pytest
import sqlalchemy as sa

from shared.auth.principal import Role
from shared.db import create_engine
from shared.problems import PROBLEM_JSON
from tests.conftest import TEST_SIGNING_KEY, MintToken
from tests.support.embedded import EmbeddedPlatform
from tests.support.probe_service import pings


def _ping_body() -> dict[str, object]:
    return {"subject_id": str(uuid.uuid4()), "sequence": 1}


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def client(embedded_platform: EmbeddedPlatform) -> httpx.AsyncClient:
    assert embedded_platform.client is not None
    return embedded_platform.client


async def _pings_recorded(platform: EmbeddedPlatform) -> int:
    async with platform.probe.engine.connect() as connection:
        return int((await connection.execute(sa.select(sa.func.count()).select_from(pings))).scalar_one())


async def test_a_request_without_a_token_gets_401_problem_json(client: httpx.AsyncClient) -> None:
    response = await client.post("/probe/v1/pings", json=_ping_body())

    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["status"] == 401


def _forged(claims: dict[str, object], key: str = TEST_SIGNING_KEY) -> str:
    valid = {"sub": "mallory", "roles": ["system"], "iss": "continuum-development", "aud": "continuum", "exp": 2**31}
    return jwt.encode({**valid, **claims}, key, algorithm="HS256")


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("not-a-jwt", id="garbage"),
        pytest.param(_forged({}, key="someone-elses-signing-key-0123456789abcdef"), id="wrong-signature"),
        pytest.param(_forged({"exp": 1_000_000}), id="expired"),
        pytest.param(_forged({"aud": "another-system"}), id="wrong-audience"),
        pytest.param(_forged({"iss": "https://evil.example"}), id="wrong-issuer"),
        pytest.param(_forged({"roles": ["emperor"]}), id="unknown-role"),
        pytest.param(jwt.encode({"sub": "x", "roles": ["system"]}, TEST_SIGNING_KEY, "HS256"), id="no-expiry"),
    ],
)
async def test_a_request_with_an_invalid_token_gets_401(
    client: httpx.AsyncClient, embedded_platform: EmbeddedPlatform, token: str
) -> None:
    response = await client.post("/probe/v1/pings", json=_ping_body(), headers=_bearer(token))

    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    assert await _pings_recorded(embedded_platform) == 0


async def test_a_token_without_the_required_role_gets_403(
    client: httpx.AsyncClient, embedded_platform: EmbeddedPlatform, mint_token: MintToken
) -> None:
    response = await client.post("/probe/v1/pings", json=_ping_body(), headers=_bearer(mint_token(Role.social_worker)))

    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM_JSON
    assert "system" in response.json()["detail"]
    assert await _pings_recorded(embedded_platform) == 0


async def test_a_token_with_the_required_role_is_let_through(client: httpx.AsyncClient, mint_token: MintToken) -> None:
    token = mint_token(Role.auditor, Role.system)

    response = await client.post("/probe/v1/pings", json=_ping_body(), headers=_bearer(token))

    assert response.status_code == 201, response.text


async def test_a_retried_request_with_the_same_idempotency_key_replays_the_first_response(
    client: httpx.AsyncClient, embedded_platform: EmbeddedPlatform, mint_token: MintToken
) -> None:
    headers = {**_bearer(mint_token(Role.system)), "Idempotency-Key": "ping-once"}
    body = _ping_body()

    first = await client.post("/probe/v1/pings", json=body, headers=headers)
    retried = await client.post("/probe/v1/pings", json=body, headers=headers)

    assert first.status_code == 201
    assert (retried.status_code, retried.json()) == (201, first.json())
    assert retried.headers.get("idempotent-replayed") == "true"
    assert await _pings_recorded(embedded_platform) == 1, "the retry had a second effect"


async def test_two_simultaneous_requests_with_one_idempotency_key_have_one_effect(
    client: httpx.AsyncClient, embedded_platform: EmbeddedPlatform, mint_token: MintToken
) -> None:
    headers = {**_bearer(mint_token(Role.system)), "Idempotency-Key": "double-click"}
    body = _ping_body()

    responses = await asyncio.gather(*(client.post("/probe/v1/pings", json=body, headers=headers) for _ in range(2)))

    assert sorted(response.status_code for response in responses) in ([201, 201], [201, 409])
    assert await _pings_recorded(embedded_platform) == 1, "a double click had two effects"


async def test_the_same_idempotency_key_from_another_caller_is_a_separate_request(
    client: httpx.AsyncClient, embedded_platform: EmbeddedPlatform, mint_token: MintToken
) -> None:
    body = _ping_body()
    for caller in ("north-system", "south-system"):
        headers = {**_bearer(mint_token(Role.system, subject=caller)), "Idempotency-Key": "shared-key"}
        assert (await client.post("/probe/v1/pings", json=body, headers=headers)).status_code == 201

    assert await _pings_recorded(embedded_platform) == 2


async def test_reusing_an_idempotency_key_for_a_different_body_gets_422(
    client: httpx.AsyncClient, embedded_platform: EmbeddedPlatform, mint_token: MintToken
) -> None:
    headers = {**_bearer(mint_token(Role.system)), "Idempotency-Key": "ping-once"}
    await client.post("/probe/v1/pings", json=_ping_body(), headers=headers)

    reused = await client.post("/probe/v1/pings", json=_ping_body(), headers=headers)

    assert reused.status_code == 422
    assert reused.headers["content-type"] == PROBLEM_JSON
    assert reused.json()["errors"][0]["field"] == "Idempotency-Key"
    assert await _pings_recorded(embedded_platform) == 1


async def test_a_body_declared_larger_than_the_limit_gets_413_problem_json(
    client: httpx.AsyncClient, embedded_platform: EmbeddedPlatform, mint_token: MintToken
) -> None:
    oversized = b'{"padding": "' + b"x" * embedded_platform.settings.max_body_bytes + b'"}'

    response = await client.post(
        "/probe/v1/pings",
        content=oversized,
        headers={**_bearer(mint_token(Role.system)), "Content-Type": "application/json"},
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["status"] == 413


@pytest.mark.parametrize("idempotency_key", [None, "streamed-once"], ids=["plain", "with-idempotency-key"])
async def test_a_streamed_body_that_grows_past_the_limit_gets_413_problem_json(
    client: httpx.AsyncClient, embedded_platform: EmbeddedPlatform, mint_token: MintToken, idempotency_key: str | None
) -> None:
    chunk = b"x" * 65536
    chunks = embedded_platform.settings.max_body_bytes // len(chunk) + 2

    async def without_content_length() -> AsyncIterator[bytes]:
        for _ in range(chunks):
            yield chunk

    headers = {**_bearer(mint_token(Role.system)), "Content-Type": "application/json"}
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    response = await client.post("/probe/v1/pings", content=without_content_length(), headers=headers)

    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == PROBLEM_JSON


async def test_a_validation_error_names_the_offending_field(client: httpx.AsyncClient, mint_token: MintToken) -> None:
    response = await client.post(
        "/probe/v1/pings",
        json={"subject_id": "not-a-uuid", "sequence": 1},
        headers=_bearer(mint_token(Role.system)),
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON
    assert [error["field"] for error in response.json()["errors"]] == ["subject_id"]
    assert "subject_id" in response.json()["detail"]


async def test_an_unknown_route_gets_a_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/probe/v1/nowhere")

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_JSON


async def test_every_response_carries_a_request_id_and_echoes_the_callers(client: httpx.AsyncClient) -> None:
    echoed = await client.get("/health/live", headers={"X-Request-ID": "trace-me-42"})
    generated = await client.get("/health/live")

    assert echoed.headers["x-request-id"] == "trace-me-42"
    assert generated.headers["x-request-id"]


async def test_a_running_platform_is_live_and_ready(client: httpx.AsyncClient) -> None:
    live = await client.get("/health/live")
    ready = await client.get("/health/ready")

    assert (live.status_code, live.json()["status"]) == (200, "pass")
    assert (ready.status_code, ready.json()["status"]) == (200, "pass"), ready.json()


def test_a_service_that_publishes_nothing_runs_no_relay(embedded_platform: EmbeddedPlatform) -> None:
    tally, probe = embedded_platform.runtimes["tally"], embedded_platform.runtimes["probe"]

    assert (tally.relay, sorted(tally._tasks)) == (None, ["consumer", "monitor"])
    assert probe.relay is not None
    assert "relay" in probe._tasks


@pytest.mark.parametrize(("service", "task"), [("probe", "relay"), ("tally", "consumer")])
async def test_a_dead_relay_or_consumer_makes_the_service_fail_its_health_checks(
    client: httpx.AsyncClient, embedded_platform: EmbeddedPlatform, service: str, task: str
) -> None:
    doomed = embedded_platform.runtimes[service]._tasks[task]
    doomed.cancel()
    await asyncio.gather(doomed, return_exceptions=True)

    live = await client.get("/health/live")
    ready = await client.get("/health/ready")

    assert live.status_code == 503
    assert f"{service} {task} has stopped" in live.json()["problems"]
    assert ready.status_code == 503
    assert ready.headers["retry-after"]


async def test_a_stalled_relay_makes_the_service_fail_its_liveness_check(
    client: httpx.AsyncClient, embedded_platform: EmbeddedPlatform
) -> None:
    relay = embedded_platform.probe_relay
    relay.heartbeat -= embedded_platform.settings.stall_seconds + 1

    live = await client.get("/health/live")

    assert live.status_code == 503
    assert any(problem.startswith("probe relay has stalled") for problem in live.json()["problems"])


async def test_an_unreachable_database_makes_the_service_not_ready(
    client: httpx.AsyncClient, embedded_platform: EmbeddedPlatform, tmp_path: Path
) -> None:
    tally = embedded_platform.tally
    working, tally.engine = tally.engine, create_engine(f"sqlite+aiosqlite:///{tmp_path / 'gone' / 'tally.sqlite'}")
    try:
        ready = await client.get("/health/ready")
    finally:
        await tally.engine.dispose()
        tally.engine = working

    assert ready.status_code == 503
    assert any("tally database unreachable" in problem for problem in ready.json()["problems"])


async def test_health_checks_and_metrics_need_no_token(client: httpx.AsyncClient) -> None:
    metrics = await client.get("/metrics")

    assert metrics.status_code == 200
    assert "continuum_http_request_seconds" in metrics.text
