"""The records service's tables. The platform's (outbox, inbox, ...) come from the shared branch."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase

from shared.messaging.tables import platform_tables


class Base(AsyncAttrs, DeclarativeBase):
    pass


platform = platform_tables(Base.metadata)
