"""Settings: the development signing key works in development mode only, and production needs the council's keys."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.settings import DEVELOPMENT_SIGNING_KEY, PlatformSettings


@pytest.fixture(autouse=True)
def _no_continuum_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CONTINUUM_ENVIRONMENT", "CONTINUUM_AUTH_SIGNING_KEY", "CONTINUUM_AUTH_JWKS_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("environment", ["test", "production"])
def test_settings_refuse_the_development_key_outside_development(environment: str) -> None:
    with pytest.raises(ValidationError, match="development signing key is refused"):
        PlatformSettings(environment=environment, auth_jwks_url="https://id.example/jwks")


def test_settings_read_from_the_environment_refuse_the_development_key_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTINUUM_ENVIRONMENT", "production")
    monkeypatch.setenv("CONTINUUM_AUTH_SIGNING_KEY", DEVELOPMENT_SIGNING_KEY)
    monkeypatch.setenv("CONTINUUM_AUTH_JWKS_URL", "https://id.example/jwks")

    with pytest.raises(ValidationError, match="development signing key is refused"):
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
