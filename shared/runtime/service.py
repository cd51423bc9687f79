"""The one declaration each service makes: its name, routes, tables, outbox and subscriptions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from fastapi import APIRouter
from pydantic_settings import BaseSettings

from shared.messaging.outbox import Outbox
from shared.messaging.subscriptions import Subscriptions
from shared.messaging.tables import PlatformTables

if TYPE_CHECKING:
    from shared.runtime.runner import ServiceRuntime


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
    tables: PlatformTables
    outbox: Outbox
    migrations: Path
    settings: type[ServiceSettings] = ServiceSettings
    subscriptions: Subscriptions = field(default_factory=Subscriptions)
    on_start: Callable[[ServiceRuntime], Awaitable[None]] | None = None

    @property
    def prefix(self) -> str:
        return f"/{self.name}/v1"
