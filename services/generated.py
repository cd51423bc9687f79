"""The files written from the platform list (services/platform.py): `python -m services sync` writes them,
`python -m services sync --check` (and a test) says which have drifted."""

from __future__ import annotations

from pathlib import Path

from services import platform

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("service", "api", "commands : queries : handlers", "models", "rules")
# The portal owns no data: no models, no handlers; its commands and queries are calls to the other services' APIs.
PORTAL_LAYERS = ("service", "api", "commands : queries", "rules")

_COMPOSE_HEAD = """\
# Generated from services/platform.py by `python -m services sync`: edit that list, not this file's services.
# Distributed Continuum for operators: one image, a database per service, Kafka in KRaft mode.
# `make up` / `make down`. Tokens come from the council's OpenID Connect provider (set AUTH_* below).
name: continuum

x-service: &service
  build:
    context: .
    dockerfile: deploy/Dockerfile
  restart: unless-stopped
  depends_on:
    postgres:
      condition: service_healthy
    kafka:
      condition: service_healthy
  environment: &service-environment
    CONTINUUM_ENVIRONMENT: ${CONTINUUM_ENVIRONMENT:-production}
    CONTINUUM_KAFKA_BOOTSTRAP_SERVERS: kafka:9092
    CONTINUUM_AUTH_JWKS_URL: ${CONTINUUM_AUTH_JWKS_URL:?set the council's OIDC JWKS URL}
    CONTINUUM_AUTH_ISSUER: ${CONTINUUM_AUTH_ISSUER:?set the OIDC issuer}
    CONTINUUM_AUTH_AUDIENCE: ${CONTINUUM_AUTH_AUDIENCE:-continuum}
    CONTINUUM_LOG_LEVEL: ${CONTINUUM_LOG_LEVEL:-INFO}
    CONTINUUM_LOG_JSON: "true"
    CONTINUUM_STALL_SECONDS: "60"
    CONTINUUM_MAX_BODY_BYTES: "1000000"
    # One replica of each service, each migrating its database as it starts (the Helm chart migrates in a Job).
    CONTINUUM_MIGRATE_ON_START: "true"
    # An OpenTelemetry collector's OTLP/HTTP base URL, e.g. http://otel-collector:4318; empty: tracing off.
    CONTINUUM_OTLP_ENDPOINT: ${CONTINUUM_OTLP_ENDPOINT:-}

services:
  postgres:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set a PostgreSQL password}
    volumes:
      - postgres-data:/var/lib/postgresql/data
      - ./deploy/postgres/init-databases.sql:/docker-entrypoint-initdb.d/10-databases.sql:ro
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 5s
      retries: 12

  kafka:
    image: apache/kafka:4.4.0
    environment:
      KAFKA_NODE_ID: 1
      KAFKA_PROCESS_ROLES: broker,controller
      KAFKA_LISTENERS: PLAINTEXT://:9092,CONTROLLER://:9093
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092
      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
      KAFKA_CONTROLLER_QUORUM_VOTERS: 1@kafka:9093
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false"
      KAFKA_LOG_RETENTION_MS: "-1"
    volumes:
      - kafka-data:/var/lib/kafka/data
    healthcheck:
      test: ["CMD-SHELL", "/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 >/dev/null"]
      interval: 10s
      retries: 12
"""

_COMPOSE_SERVICE = """
  {name}:
    <<: *service
    command: ["{name}"]
    environment:
      <<: *service-environment
      CONTINUUM_{upper}_DATABASE_URL: postgresql+asyncpg://postgres:${{POSTGRES_PASSWORD}}@postgres:5432/{database}
    ports:
      - "{port}:8000"
"""

_COMPOSE_TAIL = """
volumes:
  postgres-data:
  kafka-data:
"""


_COMPOSE_PORTAL = """
  {name}:
    <<: *service
    command: ["{name}"]
    depends_on: [{services}]
    environment:
      <<: *service-environment
      CONTINUUM_PORTAL_SERVICE_URLS: '{{{urls}}}'
      CONTINUUM_PORTAL_SESSION_SECRET: ${{CONTINUUM_PORTAL_SESSION_SECRET:?set a session secret of 32 bytes or more}}
      CONTINUUM_PORTAL_OIDC_DISCOVERY_URL: ${{CONTINUUM_PORTAL_OIDC_DISCOVERY_URL:?set the OIDC discovery URL}}
      CONTINUUM_PORTAL_OIDC_CLIENT_ID: ${{CONTINUUM_PORTAL_OIDC_CLIENT_ID:?set the portal's OIDC client id}}
      CONTINUUM_PORTAL_OIDC_CLIENT_SECRET: ${{CONTINUUM_PORTAL_OIDC_CLIENT_SECRET:-}}
    ports:
      - "8000:8000"
"""


def compose_file() -> str:
    blocks = [
        _COMPOSE_SERVICE.format(
            name=name, upper=name.upper(), database=platform.database(name), port=platform.host_port(name)
        )
        for name in platform.SERVICES
    ]
    urls = ", ".join(f'"{name}": "http://{name}:8000"' for name in platform.SERVICES)
    portal = _COMPOSE_PORTAL.format(name=platform.PORTAL, services=", ".join(platform.SERVICES), urls=urls)
    return _COMPOSE_HEAD + "".join(blocks) + portal + _COMPOSE_TAIL


def database_setup() -> str:
    lines = ["-- Generated from services/platform.py. One database per service; each migrates its own on start."]
    lines += [f"CREATE DATABASE {platform.database(name)};" for name in platform.SERVICES]
    return "\n".join(lines) + "\n"


def import_contracts() -> str:
    modules = "\n".join(f"    services.{name}" for name in (*platform.SERVICES, platform.PORTAL))
    services = "\n".join(f"    services.{name}" for name in platform.SERVICES)
    layers = "\n".join(f"    {layer}" for layer in LAYERS)
    portal_layers = "\n".join(f"    {layer}" for layer in PORTAL_LAYERS)
    return f"""# Generated from services/platform.py by `python -m services sync`.
[importlinter]
root_packages =
    shared
    services
    demo

[importlinter:contract:independent-services]
name = Services never import each other
type = independence
modules =
{modules}

[importlinter:contract:composition-root]
name = Only the composition root knows every service
type = forbidden
source_modules =
{modules}
forbidden_modules =
    services.platform
    services.generated
    services.__main__

[importlinter:contract:shared-is-below-services]
name = shared never imports a service or the synthetic council
type = forbidden
source_modules =
    shared
forbidden_modules =
    services
    demo

[importlinter:contract:no-service-runs-the-demo]
name = No service imports the synthetic council (it drives the services, not the other way round)
type = forbidden
source_modules =
{modules}
forbidden_modules =
    demo

[importlinter:contract:service-layers]
name = Inside a service: api above commands, queries and handlers, above models, above rules (pure)
type = layers
containers =
{services}
layers =
{layers}

[importlinter:contract:portal-layers]
name = Inside the portal: api above commands and queries (the APIs it calls), above rules (pure)
type = layers
containers =
    services.{platform.PORTAL}
layers =
{portal_layers}
"""


GENERATED = {
    "docker-compose.yml": compose_file,
    "deploy/postgres/init-databases.sql": database_setup,
    ".importlinter": import_contracts,
}


def drifted() -> list[str]:
    """The generated files whose content differs from what the platform list makes."""
    return [path for path, make in GENERATED.items() if _read(ROOT / path) != make()]


def write_all() -> list[str]:
    written = drifted()
    for path in written:
        (ROOT / path).write_text(GENERATED[path]())
    return written


def _read(path: Path) -> str | None:
    return path.read_text() if path.exists() else None
