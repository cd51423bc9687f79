"""Settings: the development signing key works in development mode only, and production runs on the council's keys
(JWKS) alone."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.settings import DEVELOPMENT_SIGNING_KEY, PlatformSettings


@pytest.fixture(autouse=True)
def _no_continuum_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CONTINUUM_ENVIRONMENT", "CONTINUUM_AUTH_SIGNING_KEY", "CONTINUUM_AUTH_JWKS_URL"):
        monkeypatch.delenv(name, raising=False)


def test_test_mode_refuses_the_development_key() -> None:
    with pytest.raises(ValidationError, match="development signing key is refused"):
        PlatformSettings(environment="test", auth_jwks_url="https://id.example/jwks")


def test_production_starts_on_the_councils_jwks_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTINUUM_ENVIRONMENT", "production")
    monkeypatch.setenv("CONTINUUM_AUTH_JWKS_URL", "https://id.example/jwks")
    monkeypatch.setenv("CONTINUUM_AUTH_ISSUER", "https://id.example")
    monkeypatch.setenv("CONTINUUM_AUTH_AUDIENCE", "continuum")

    settings = PlatformSettings()

    assert (settings.environment, settings.auth_jwks_url) == ("production", "https://id.example/jwks")


@pytest.mark.parametrize("key", [DEVELOPMENT_SIGNING_KEY, "a-council-hs256-key-long-enough-0123456789"])
def test_production_refuses_an_hs256_key_rather_than_ignore_it(monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    monkeypatch.setenv("CONTINUUM_ENVIRONMENT", "production")
    monkeypatch.setenv("CONTINUUM_AUTH_SIGNING_KEY", key)
    monkeypatch.setenv("CONTINUUM_AUTH_JWKS_URL", "https://id.example/jwks")

    with pytest.raises(ValidationError, match="unset CONTINUUM_AUTH_SIGNING_KEY"):
        PlatformSettings()


def test_production_without_the_councils_jwks_url_is_refused() -> None:
    with pytest.raises(ValidationError, match="CONTINUUM_AUTH_JWKS_URL"):
        PlatformSettings(environment="production", auth_signing_key="a-long-enough-but-local-key-0123456789")


def test_development_mode_accepts_the_development_key() -> None:
    settings = PlatformSettings(environment="development")

    assert settings.auth_signing_key == DEVELOPMENT_SIGNING_KEY
    assert settings.development


def test_test_mode_accepts_a_key_of_its_own(platform_settings: PlatformSettings) -> None:
    assert platform_settings.environment == "test"
    assert platform_settings.auth_signing_key != DEVELOPMENT_SIGNING_KEY
    assert not platform_settings.development


@pytest.mark.parametrize("environment", ["development", "test"])
def test_an_hs256_key_shorter_than_32_bytes_is_refused(environment: str) -> None:
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        PlatformSettings(environment=environment, auth_signing_key="k" * 31)


def test_an_hs256_key_of_32_bytes_is_accepted_in_test_mode() -> None:
    assert PlatformSettings(environment="test", auth_signing_key="k" * 32).auth_signing_key == "k" * 32
