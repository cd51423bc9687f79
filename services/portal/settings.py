"""The portal's settings (prefix `CONTINUUM_PORTAL_`)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.runtime import ServiceSettings
from shared.settings import PlatformSettings


class PortalSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_PORTAL_", extra="ignore")

    api_url: str | None = None
    """One base URL for every service's REST API, e.g. a reverse proxy routing `/{service}/v1` by prefix
    (`https://continuum.council.example`). Unset in `make run`: the portal calls the APIs in-process, through the
    same public REST routes."""

    service_urls: dict[str, str] = Field(default_factory=dict)
    """A base URL per service, over `api_url`, when each runs as its own process: JSON in the environment, e.g.
    `{"allocation": "http://continuum-allocation", "kpi": "http://continuum-kpi"}` (the Helm chart sets it)."""

    timeout_seconds: float = 10.0
    """How long a page waits for an API before saying which service is not answering."""

    session_secret: str | None = None
    """Encrypts the session cookie (it holds the user's bearer token). Required outside development; in development
    a secret of the process's own is made at start (a restart signs everyone out)."""

    session_hours: float = 8.0
    """A session lasts a working day at most, like the development tokens; the provider's token may end it sooner."""

    oidc_discovery_url: str | None = None
    """The council's OpenID Connect provider (`…/.well-known/openid-configuration`): sign-in outside development is
    the authorisation code flow with PKCE against it."""

    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    """Empty for a public client (PKCE alone); a confidential client also authenticates at the token endpoint."""

    oidc_scope: str = "openid profile email"

    public_url: str | None = None
    """The portal's own address as users reach it, for the sign-in callback behind a proxy (default: the request's)."""

    def refusals(self, platform: PlatformSettings) -> list[str]:
        """What production refuses: a session cookie without a secret of the council's, or no OpenID provider."""
        if platform.environment != "production":
            return []
        refused = []
        if not self.session_secret or len(self.session_secret.encode()) < 32:
            refused.append("set CONTINUUM_PORTAL_SESSION_SECRET (at least 32 bytes)")
        if not (self.oidc_discovery_url and self.oidc_client_id):
            refused.append("set CONTINUUM_PORTAL_OIDC_DISCOVERY_URL and CONTINUUM_PORTAL_OIDC_CLIENT_ID")
        return refused


@lru_cache
def portal_settings() -> PortalSettings:
    return PortalSettings()
