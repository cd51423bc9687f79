"""The composition root: the one list of Continuum's services.

Everything else that names the services is read from this list or generated from it: the embedded platform
(`make run`), `make test`'s databases and migration checks, the import contracts (`.importlinter`),
`docker-compose.yml` and the database set-up it mounts. `python -m services sync` rewrites the generated files;
tests/platform/test_platform_declaration.py fails when one has drifted. Adding a service is one line here.
"""

from __future__ import annotations

SERVICES: tuple[str, ...] = (
    "allocation",
    "kpi",
    "supervision",
    "feedback",
    "records",
)

PORTAL = "portal"
"""The web pages (services/portal): a service that owns no data (no database, no migrations, no events) and calls
the others only through their public REST APIs. Its app is mounted at `/`: `make run` serves it beside them, and
`python -m services serve portal` on its own, with the APIs' addresses (CONTINUUM_PORTAL_SERVICE_URLS)."""


def declaration(name: str) -> str:
    """Where a service's `Service` declaration lives, by convention."""
    return f"services.{name}.service:service"


def database(name: str) -> str:
    return f"continuum_{name}"


def host_port(name: str) -> int:
    """The port a service answers on when every service runs as its own process on one machine."""
    return 8001 + SERVICES.index(name)
