"""`python -m services new NAME`: a new service with the skeleton every service has, registered with one line.

The new service starts empty and passes `make test` as it is: it migrates (its own branch beside the platform's),
serves `/{name}/v1/openapi.json`, and is covered by the tests that run over every service in services/platform.py.
"""

from __future__ import annotations

import importlib
import re
from datetime import date
from pathlib import Path

from services import generated, platform

SERVICES_DIR = Path(__file__).resolve().parent

_FILES = {
    "__init__.py": '"""The {name} service."""\n',
    "service.py": '''"""The {name} service, declared to the runtime."""

from pathlib import Path

from services.{name} import api, handlers, models
from services.{name}.settings import {title}Settings
from shared.runtime import Service

service = Service(
    name="{name}",
    title="{title}",
    description="What the {name} service owns, in one sentence.",
    router=api.router,
    metadata=models.Base.metadata,
    migrations=Path(__file__).parent / "migrations",
    settings={title}Settings,
    subscriptions=handlers.subscriptions,
)
''',
    "settings.py": '''"""The {name} service's settings (prefix `CONTINUUM_{upper}_`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends
from pydantic_settings import SettingsConfigDict

from shared.runtime import ServiceSettings


class {title}Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_{upper}_", extra="ignore")


@lru_cache
def {name}_settings() -> {title}Settings:
    return {title}Settings()


Settings = Annotated[{title}Settings, Depends({name}_settings)]
''',
    "models.py": '''"""The {name} service's tables. The platform's (outbox, inbox, ...) come from the shared branch."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase

from shared.messaging.tables import platform_tables


class Base(AsyncAttrs, DeclarativeBase):
    pass


platform = platform_tables(Base.metadata)
''',
    "handlers.py": '''"""What the {name} service does with other services' events. Every subscription is listed here."""

from shared.messaging.subscriptions import Subscriptions

subscriptions = Subscriptions()
''',
    "api/__init__.py": '''"""The {name} REST API: each route authorises, calls one command or query, presents."""

from fastapi import APIRouter

router = APIRouter()
''',
    "commands/__init__.py": '"""Write use cases. They receive the unit of work and never commit."""\n',
    "queries/__init__.py": '"""Reads, given the unit of work: its session, and its audit trail."""\n',
    "rules/__init__.py": '"""The domain rules: pure functions and values; no I/O, no database, no framework."""\n',
    "migrations/0001_{name}_schema.py": '''"""{name} schema

Revision ID: {name}_0001
Revises:
Create Date: {today}
"""

revision = "{name}_0001"
down_revision = None
branch_labels = ("{name}",)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
''',
}


def create_service(name: str) -> list[str]:
    """Writes the skeleton and adds the service to services/platform.py; returns what it created."""
    if not re.fullmatch(r"[a-z][a-z0-9]{1,30}", name):
        raise SystemExit("a service's name is lower-case letters and digits, e.g. records")
    folder = SERVICES_DIR / name
    if folder.exists():
        raise SystemExit(f"services/{name} exists already")
    values = {"name": name, "title": name.capitalize(), "upper": name.upper(), "today": date.today().isoformat()}
    created = []
    for relative, template in _FILES.items():
        path = folder / relative.format(**values)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values))
        created.append(str(path.relative_to(SERVICES_DIR.parent)))
    _register(name)
    importlib.reload(platform)
    created.append("services/platform.py")
    created += generated.write_all()
    return created


def _register(name: str) -> None:
    platform_file = SERVICES_DIR / "platform.py"
    text = platform_file.read_text()
    head, tail = text.split("SERVICES: tuple[str, ...] = (\n", 1)
    listed, rest = tail.split(")\n", 1)
    platform_file.write_text(f'{head}SERVICES: tuple[str, ...] = (\n{listed}    "{name}",\n){chr(10)}{rest}')
