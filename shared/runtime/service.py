"""The one declaration each service makes: its name, routes, tables, migrations, settings and subscriptions."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import sqlalchemy as sa
from fastapi import APIRouter
from pydantic_settings import BaseSettings

from shared.events.registry import all_event_classes
from shared.messaging.subscriptions import Subscriptions
from shared.messaging.tables import PlatformTables, platform_tables


class ServiceSettings(BaseSettings):
    """Each service subclasses this with `env_prefix="CONTINUUM_<SERVICE>_"`."""

    database_url: str | None = None


@dataclass(frozen=True)
class Service:
    name: str
    title: str
    description: str
    router: APIRouter
    metadata: sa.MetaData
    migrations: Path
    settings: type[ServiceSettings] = ServiceSettings
    subscriptions: Subscriptions = field(default_factory=Subscriptions)
    projections: tuple[sa.Table, ...] = ()
    """The tables kept only from other services' events: a replay empties and rebuilds them."""

    @property
    def prefix(self) -> str:
        return f"/{self.name}/v1"

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
