"""Fixtures every test layer shares: test settings, tokens, and the real Kafka broker and PostgreSQL when asked for.

Tests that need the broker or the database are marked `infra`. Without `CONTINUUM_TEST_KAFKA` / `CONTINUUM_TEST_PG`
they skip, saying why; with `CONTINUUM_REQUIRE_INFRA=1` (CI) they fail instead, so they can never silently skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

import asyncpg
import pytest
import sqlalchemy as sa

from shared.auth.principal import Role
from shared.auth.tokens import mint_development_token
from shared.settings import PlatformSettings

if TYPE_CHECKING:
    from tests.support.embedded import EmbeddedPlatform

TEST_SIGNING_KEY = "continuum-test-signing-key-not-for-development-or-production"

MintToken = Callable[..., str]
CreateDatabase = Callable[[], Awaitable[str]]


def _infrastructure(request: pytest.FixtureRequest, variable: str, what: str) -> str:
    if request.node.get_closest_marker("infra") is None:
        pytest.fail(f"{request.node.nodeid} uses {what} but is not marked @pytest.mark.infra", pytrace=False)
    value = os.environ.get(variable, "").strip()
    if value:
        return value
    if os.environ.get("CONTINUUM_REQUIRE_INFRA") == "1":
        pytest.fail(f"CONTINUUM_REQUIRE_INFRA=1 but {variable} is not set: this test needs {what}", pytrace=False)
    pytest.skip(f"needs {what}: set {variable} (make test starts it and sets the variable)")


@pytest.fixture
def kafka_bootstrap(request: pytest.FixtureRequest) -> str:
    """The real broker's bootstrap servers, e.g. 127.0.0.1:19092."""
    return _infrastructure(request, "CONTINUUM_TEST_KAFKA", "a Kafka broker")


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    """The PostgreSQL server's base URL without a database, e.g. postgresql+asyncpg://postgres@127.0.0.1:15432."""
    return _infrastructure(request, "CONTINUUM_TEST_PG", "PostgreSQL").rstrip("/")


def _admin_dsn(pg_url: str) -> str:
    url = sa.make_url(pg_url).set(drivername="postgresql", database="postgres")
    return url.render_as_string(hide_password=False)


@pytest.fixture
async def create_database(pg_url: str) -> AsyncIterator[CreateDatabase]:
    """Creates uniquely named databases on demand; every one is dropped when the test ends."""
    created: list[str] = []

    async def create() -> str:
        name = f"continuum_test_{uuid.uuid4().hex[:16]}"
        connection = await asyncpg.connect(_admin_dsn(pg_url))
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        created.append(name)
        return str(sa.make_url(pg_url).set(database=name).render_as_string(hide_password=False))

    yield create
    if created:
        connection = await asyncpg.connect(_admin_dsn(pg_url))
        try:
            for name in created:
                await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()


@pytest.fixture
async def fresh_database(create_database: CreateDatabase) -> str:
    """The URL of an empty PostgreSQL database of this test's own."""
    return await create_database()


@pytest.fixture
def platform_settings(monkeypatch: pytest.MonkeyPatch) -> PlatformSettings:
    """Test-mode settings with a non-development signing key, untouched by the caller's CONTINUUM_* variables."""
    for name in list(os.environ):
        if name.startswith("CONTINUUM_") and not name.startswith(("CONTINUUM_TEST_", "CONTINUUM_REQUIRE_")):
            monkeypatch.delenv(name)
    return PlatformSettings(environment="test", auth_signing_key=TEST_SIGNING_KEY, log_json=False)


@pytest.fixture
def mint_token(platform_settings: PlatformSettings) -> MintToken:
    """`mint_token(Role.system)` → a bearer token the test platform accepts, for the given roles and pods."""

    def mint(
        *roles: Role | str, subject: str = "tester", pods: tuple[str, ...] = (), lifetime_seconds: int = 600
    ) -> str:
        return mint_development_token(
            platform_settings,
            subject=subject,
            roles=[str(role) for role in roles],
            pods=list(pods),
            lifetime_seconds=lifetime_seconds,
        )

    return mint


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Callable[[str], str]:
    """`sqlite_url("probe")` → a SQLite file URL in this test's temporary directory."""
    return lambda name: f"sqlite+aiosqlite:///{tmp_path / (name + '.sqlite')}"


@pytest.fixture
async def embedded_platform(
    tmp_path: Path, platform_settings: PlatformSettings, mint_token: MintToken
) -> AsyncIterator[EmbeddedPlatform]:
    """The probe and the tally served together in this process (SQLite files, local log), lifespan running."""
    from tests.support.embedded import EmbeddedPlatform

    platform = EmbeddedPlatform(tmp_path, platform_settings, token=mint_token(Role.system))
    await platform.start()
    yield platform
    await platform.stop()
