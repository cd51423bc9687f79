"""The probe: a tiny producing service used only by platform tests. POST a ping; ProbePinged leaves via the outbox.

`PROBE_TOPIC` names the topic, so end-to-end tests can give every test a topic of its own on a shared broker.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, status
from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import SettingsConfigDict
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Principal, Role, require_roles
from shared.events import Event, contract
from shared.runtime import Service, ServiceSettings
from shared.runtime.http import UnitOfWorkDep, service_router
from shared.runtime.unit_of_work import UnitOfWork

metadata = sa.MetaData()

pings = sa.Table(
    "pings",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("subject_id", sa.Uuid, nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


@contract
class ProbePinged(Event):
    """A subject was pinged; `sequence` numbers the pings of one subject, `explode` makes the tally fail."""

    producer = "probe"
    topic = os.environ.get("PROBE_TOPIC", "probe.pings")
    key_field = "subject_id"

    ping_id: uuid.UUID
    subject_id: uuid.UUID
    sequence: int
    explode: bool = False


async def record_ping(uow: UnitOfWork, subject_id: uuid.UUID, sequence: int, *, explode: bool = False) -> uuid.UUID:
    ping_id = uuid.uuid4()
    await uow.session.execute(
        pings.insert().values(id=ping_id, subject_id=subject_id, sequence=sequence, created_at=datetime.now(UTC))
    )
    uow.publish(ProbePinged(ping_id=ping_id, subject_id=subject_id, sequence=sequence, explode=explode))
    return ping_id


router = service_router()
System = Annotated[Principal, Depends(require_roles(Role.system))]


class PingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject_id: uuid.UUID
    sequence: int = Field(ge=1)
    explode: bool = False


class PingOut(BaseModel):
    ping_id: uuid.UUID


@router.post("/pings", status_code=status.HTTP_201_CREATED, response_model=PingOut)
async def ping(body: PingIn, uow: UnitOfWorkDep, _caller: System) -> PingOut:
    """Record a ping; ProbePinged is staged in the same transaction."""
    return PingOut(ping_id=await record_ping(uow, body.subject_id, body.sequence, explode=body.explode))


class ProbeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_PROBE_", extra="ignore")


service = Service(
    name="probe",
    title="Probe",
    description="Test-only producer of ProbePinged.",
    router=router,
    metadata=metadata,
    migrations=Path(__file__).parent / "probe_migrations",
    settings=ProbeSettings,
)
platform = service.tables


def unit_of_work(session: AsyncSession, after_commit: Callable[[], None] | None = None) -> UnitOfWork:
    """The probe's unit of work on a session of the test's own (the runtime makes these in the running service)."""
    return UnitOfWork(session, platform, producer="probe", after_commit=after_commit)
