"""The allocation service's tables and rules. Rule methods return the events they cause."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.events.allocation import PodCreated
from shared.messaging.outbox import Outbox
from shared.messaging.tables import define_platform_tables


class Base(DeclarativeBase):
    pass


platform = define_platform_tables(Base.metadata)
outbox = Outbox("/continuum/allocation", platform)


class Pod(Base):
    __tablename__ = "pods"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    created_on: Mapped[date]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    def created(self) -> PodCreated:
        return PodCreated(pod_id=self.id, name=self.name, created_on=self.created_on)
