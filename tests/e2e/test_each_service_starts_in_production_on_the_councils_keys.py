"""Every service of the platform starts in production mode configured as the README, the Dockerfile and the compose
file say (the council's JWKS URL, issuer and audience; no HS256 key), accepts an RS256 token from that provider and
refuses an HS256 token signed with the development key. New services in services/platform.py are covered as added."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from services.platform import SERVICES, declaration
from shared.auth.principal import Role
from shared.settings import DEVELOPMENT_SIGNING_KEY
from tests.conftest import CreateDatabase
from tests.support.processes import ServiceProcess, service_environment

pytestmark = pytest.mark.infra

ISSUER = "https://login.council.example/continuum"
AUDIENCE = "continuum-api"


@dataclass
class IdentityProvider:
    """The council's OpenID Connect provider as the services see it: a JWKS document at a URL, and its signing key."""

    jwks_url: str
    key: rsa.RSAPrivateKey
    kid: str = "council-signing-1"

    def claims(self) -> dict[str, Any]:
        now = int(time.time())
        roles = [role.value for role in Role]
        return {"sub": "a.manager", "roles": roles, "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 300}

    def token(self) -> str:
        return jwt.encode(self.claims(), self.key, algorithm="RS256", headers={"kid": self.kid})


@pytest.fixture
def identity_provider() -> Iterator[IdentityProvider]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    provider = IdentityProvider("", key)
    public = {**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": provider.kid, "use": "sig", "alg": "RS256"}
    document = json.dumps({"keys": [public]}).encode()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(document)))
            self.end_headers()
            self.wfile.write(document)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Jwks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    provider.jwks_url = f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json"
    yield provider
    server.shutdown()
    server.server_close()


async def _a_route_to_read(client: httpx.AsyncClient, prefix: str) -> str:
    """A GET route of the service without path or required parameters, from its own OpenAPI document."""
    openapi = (await client.get(f"{prefix}/openapi.json")).json()
    for path, item in openapi["paths"].items():
        required = [p for p in item.get("get", {}).get("parameters", []) if p.get("required")]
        if "get" in item and "{" not in path and not required:
            return f"{prefix}{path}"
    raise AssertionError(f"{prefix} has no GET route without parameters to try a token on")


@pytest.mark.parametrize("name", sorted(SERVICES))
async def test_the_service_starts_in_production_and_accepts_the_councils_tokens_only(
    name: str,
    identity_provider: IdentityProvider,
    kafka_bootstrap: str,
    create_database: CreateDatabase,
    tmp_path: Path,
) -> None:
    environment = service_environment(
        CONTINUUM_ENVIRONMENT="production",
        CONTINUUM_AUTH_JWKS_URL=identity_provider.jwks_url,
        CONTINUUM_AUTH_ISSUER=ISSUER,
        CONTINUUM_AUTH_AUDIENCE=AUDIENCE,
        CONTINUUM_KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap,
        **{f"CONTINUUM_{name.upper()}_DATABASE_URL": await create_database()},
    )
    service = ServiceProcess(declaration(name), environment, tmp_path / f"{name}.log")
    service.start()
    try:
        await service.wait_ready()
        async with httpx.AsyncClient(base_url=service.url, timeout=10.0) as client:
            route = await _a_route_to_read(client, f"/{name}/v1")
            forged = jwt.encode(identity_provider.claims(), DEVELOPMENT_SIGNING_KEY, algorithm="HS256")

            accepted = await client.get(route, headers={"Authorization": f"Bearer {identity_provider.token()}"})
            refused = await client.get(route, headers={"Authorization": f"Bearer {forged}"})

        assert accepted.status_code == 200, f"{route}: {accepted.status_code} {accepted.text[:300]}"
        assert refused.status_code == 401, f"{route}: {refused.status_code} {refused.text[:300]}"
    finally:
        service.stop()
