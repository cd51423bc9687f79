"""Typed settings from the environment. Development conveniences are refused outside development."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SIGNING_KEY = "continuum-development-only-signing-key-never-in-production"
# RFC 7518 section 3.2: an HS256 key is at least as long as the hash it feeds, 256 bits.
HS256_KEY_BYTES = 32


class PlatformSettings(BaseSettings):
    """Settings every service shares (prefix `CONTINUUM_`)."""

    model_config = SettingsConfigDict(env_prefix="CONTINUUM_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    kafka_bootstrap_servers: str = "127.0.0.1:19092"
    log_level: str = "INFO"
    log_json: bool = True
    auth_signing_key: str = Field(
        default=DEVELOPMENT_SIGNING_KEY,
        description="HS256 key for development and test tokens: the development key in development mode only, a "
        "key of the test's own in test mode, none in production (tokens are verified against the JWKS alone).",
    )
    auth_jwks_url: str | None = Field(default=None, description="The council's OpenID Connect JWKS URL.")
    auth_issuer: str = "continuum-development"
    auth_audience: str = "continuum"
    max_body_bytes: int = 1_000_000
    stall_seconds: float = 60.0
    consistency_wait_seconds: float = Field(
        default=5.0,
        ge=0,
        le=60,
        description="How long a read with `?after=<token>` waits for the write's events before answering 503.",
    )
    heal_seconds: float = Field(
        default=120.0,
        description="A relay or consumer that has made no progress this long, while healing itself from an outage "
        "of the broker or the database, fails /health/live so the orchestrator restarts the process.",
    )
    consumer_batch_size: int = Field(default=500, ge=1, description="Events a consumer applies in one transaction.")
    otlp_endpoint: str | None = Field(
        default=None,
        description="An OpenTelemetry collector's OTLP/HTTP base URL (e.g. http://otel-collector:4318): spans are "
        "exported to its /v1/traces. Unset, with OTEL_EXPORTER_OTLP_ENDPOINT unset too, tracing is off.",
    )
    migrate_on_start: bool = Field(
        default=True,
        description="Run `alembic upgrade head` as the service starts; false where a deploy step migrates first "
        "(`python -m services migrate NAME`, the Helm chart's pre-upgrade Job).",
    )

    @model_validator(mode="after")
    def _refuse_unsafe_signing_keys(self) -> PlatformSettings:
        if self.environment == "production":
            self._require_the_councils_keys_only()
        elif self.environment == "test" and self.auth_signing_key == DEVELOPMENT_SIGNING_KEY:
            raise ValueError(
                "the development signing key is refused outside development mode: set CONTINUUM_AUTH_SIGNING_KEY"
            )
        if not self.auth_jwks_url and len(self.auth_signing_key.encode()) < HS256_KEY_BYTES:
            raise ValueError(f"CONTINUUM_AUTH_SIGNING_KEY must be at least {HS256_KEY_BYTES} bytes (RFC 7518, 3.2)")
        return self

    def _require_the_councils_keys_only(self) -> None:
        """Production verifies tokens against the JWKS alone. An HS256 key set there would be ignored, and an operator
        who set one may believe it is in use, so it is refused rather than ignored."""
        if not self.auth_jwks_url:
            raise ValueError("production needs CONTINUUM_AUTH_JWKS_URL, the OpenID Connect provider's keys")
        if "auth_signing_key" in self.model_fields_set:
            raise ValueError(
                "production verifies tokens against CONTINUUM_AUTH_JWKS_URL alone: unset CONTINUUM_AUTH_SIGNING_KEY"
            )

    @property
    def development(self) -> bool:
        return self.environment == "development"
