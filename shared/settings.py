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
        default=DEVELOPMENT_SIGNING_KEY, description="HS256 key for development tokens; refused outside development."
    )
    auth_jwks_url: str | None = Field(default=None, description="The council's OpenID Connect JWKS URL.")
    auth_issuer: str = "continuum-development"
    auth_audience: str = "continuum"
    max_body_bytes: int = 1_000_000
    stall_seconds: float = 60.0

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
        if not self.auth_jwks_url and len(self.auth_signing_key.encode()) < HS256_KEY_BYTES:
            raise ValueError(f"CONTINUUM_AUTH_SIGNING_KEY must be at least {HS256_KEY_BYTES} bytes (RFC 7518, 3.2)")
        return self

    @property
    def development(self) -> bool:
        return self.environment == "development"
