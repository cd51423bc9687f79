"""Verifying bearer tokens: the council's OIDC provider (JWKS) in production, a development key otherwise."""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

import jwt

from shared.auth.principal import Principal, Role
from shared.settings import PlatformSettings


class InvalidToken(Exception):
    pass


class TokenVerifier:
    def __init__(self, settings: PlatformSettings) -> None:
        self.settings = settings
        self._jwks = jwt.PyJWKClient(settings.auth_jwks_url, cache_keys=True) if settings.auth_jwks_url else None

    def verify(self, token: str) -> Principal:
        try:
            if self._jwks is not None:
                key: Any = self._jwks.get_signing_key_from_jwt(token).key
                algorithms = ["RS256", "ES256"]
            else:
                key, algorithms = self.settings.auth_signing_key, ["HS256"]
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=self.settings.auth_audience,
                issuer=self.settings.auth_issuer,
                options={"require": ["exp", "sub", "iss", "aud"]},
            )
            return Principal(
                subject=str(claims["sub"]),
                roles=frozenset(Role(role) for role in claims.get("roles", [])),
                pods=frozenset(UUID(pod) for pod in claims.get("pods", [])),
                worker_id=UUID(claims["worker_id"]) if claims.get("worker_id") else None,
            )
        except (jwt.PyJWTError, ValueError, TypeError) as invalid:
            raise InvalidToken(str(invalid)) from invalid


def mint_development_token(
    settings: PlatformSettings,
    *,
    subject: str,
    roles: list[str],
    pods: list[str] | None = None,
    worker_id: str | None = None,
    lifetime_seconds: int = 8 * 3600,
) -> str:
    if settings.auth_jwks_url:
        raise InvalidToken("tokens are issued by the council's identity provider when a JWKS URL is configured")
    for role in roles:
        Role(role)
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": subject,
        "roles": roles,
        "pods": pods or [],
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "iat": now,
        "exp": now + lifetime_seconds,
    }
    if worker_id:
        claims["worker_id"] = worker_id
    return jwt.encode(claims, settings.auth_signing_key, algorithm="HS256")
