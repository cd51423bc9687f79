"""The one declaration each service makes: its name, routes, tables, migrations, settings and subscriptions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from fastapi import APIRouter
from pydantic_settings import BaseSettings

from shared.events.registry import all_event_classes
from shared.messaging.subscriptions import Subscriptions
from shared.messaging.tables import PlatformTables, platform_tables

if TYPE_CHECKING:
    from shared.runtime.runner import ServiceRuntime

WebApp = Callable[["ServiceRuntime", Any], Any]
"""Builds the ASGI app of a service that is not a REST API over data of its own (the portal), given its runtime and
the whole platform's ASGI app (which it may call in-process, through the same public REST APIs)."""


class ServiceSettings(BaseSettings):
    """Each service subclasses this with `env_prefix="CONTINUUM_<SERVICE>_"`."""

    database_url: str | None = None


@dataclass(frozen=True)
class Service:
    name: str
    title: str
    description: str
    router: APIRouter
    metadata: sa.MetaData = field(default_factory=sa.MetaData)
    migrations: Path | None = None
    """The service's own Alembic revisions; None for a service that owns no data: it gets no database at all."""
    settings: type[ServiceSettings] = ServiceSettings
    subscriptions: Subscriptions = field(default_factory=Subscriptions)
    projections: tuple[sa.Table, ...] = ()
    """The tables kept only from other services' events: a replay empties and rebuilds them."""

    path: str | None = None
    """Where the platform mounts the service's app: `/{name}/v1` unless set (the portal's pages are at `/`)."""
    web: WebApp | None = None
    """The service's own ASGI app instead of the REST app every other service gets (shared/runtime/app.py)."""

    @property
    def prefix(self) -> str:
        return f"/{self.name}/v1" if self.path is None else self.path.rstrip("/")

    @property
    def owns_data(self) -> bool:
        return self.migrations is not None

    @cached_property
    def tables(self) -> PlatformTables:
        """The platform's tables (outbox, inbox, dead letters, idempotency keys, audit log) in this service's
        database; they are created by the shared `platform` migration branch, not by the service's own."""
        return platform_tables(self.metadata)

    @property
    def publishes(self) -> bool:
        """Whether any event contract names this service as its producer (a service that publishes none runs no
        relay)."""
        return any(event.producer == self.name for event in all_event_classes())
