"""Typed settings from the environment. Development conveniences are refused outside development."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SIGNING_KEY = "continuum-development-only-signing-key-never-in-production"


class PlatformSettings(BaseSettings):
    """Settings every service shares (prefix `CONTINUUM_`)."""

    model_config = SettingsConfigDict(env_prefix="CONTINUUM_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    kafka_bootstrap_servers: str = "127.0.0.1:19092"
    log_level: str = "INFO"
    log_json: bool = True
    auth_signing_key: str = Field(
        default=DEVELOPMENT_SIGNING_KEY, description="HS256 key for development tokens; refused outside development."
    )
    auth_jwks_url: str | None = Field(default=None, description="The council's OpenID Connect JWKS URL.")
    auth_issuer: str = "continuum-development"
    auth_audience: str = "continuum"
    max_body_bytes: int = 1_000_000
    stall_seconds: float = 60.0
    migrate_on_start: bool = Field(
        default=True,
        description="Run `alembic upgrade head` as the service starts; false where a deploy step migrates first "
        "(`python -m services migrate NAME`, the Helm chart's pre-upgrade Job).",
    )

    @model_validator(mode="after")
    def _refuse_development_key_outside_development(self) -> PlatformSettings:
        if self.environment != "development":
            if self.auth_signing_key == DEVELOPMENT_SIGNING_KEY:
                raise ValueError(
                    "the development signing key is refused outside development mode: set "
                    "CONTINUUM_AUTH_JWKS_URL (production) or CONTINUUM_AUTH_SIGNING_KEY (test)"
                )
            if self.environment == "production" and not self.auth_jwks_url:
                raise ValueError("production needs CONTINUUM_AUTH_JWKS_URL, the OpenID Connect provider's keys")
        return self

    @property
    def development(self) -> bool:
        return self.environment == "development"
