"""The tally: a test-only subscriber that counts ProbePinged, so "the effect happened exactly once" is one query.

Each applied event adds a row to `tallied_pings` (deliberately not unique by event id, so a double shows up as two
rows instead of an error) and increments the subject's row in `tallies`. A ping with `explode` set always fails.
`TALLY_HANDLER_DELAY` (seconds per event) slows the handler and `CONTINUUM_CONSUMER_BATCH_SIZE` shrinks the batches,
so a kill lands while a batch is open.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from fastapi import APIRouter
from pydantic_settings import SettingsConfigDict
from sqlalchemy.ext.asyncio import AsyncSession

from shared.messaging.subscriptions import EventContext, Subscriptions
from shared.runtime import Service, ServiceSettings
from shared.runtime.unit_of_work import UnitOfWork
from tests.support.probe_service import ProbePinged

metadata = sa.MetaData()

tallies = sa.Table(
    "tallies",
    metadata,
    sa.Column("subject_id", sa.Uuid, primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)
tallied_pings = sa.Table(
    "tallied_pings",
    metadata,
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(36), nullable=False, index=True),
    sa.Column("subject_id", sa.Uuid, nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
)

subscriptions = Subscriptions()


class ProbeExploded(RuntimeError):
    """The ping asked the tally to fail."""


@subscriptions.on(ProbePinged)
async def count_ping(uow: UnitOfWork, event: ProbePinged, context: EventContext) -> None:
    if event.explode:
        raise ProbeExploded(f"ping {event.ping_id} asked to explode")
    if delay := float(os.environ.get("TALLY_HANDLER_DELAY", "0")):
        await asyncio.sleep(delay)
    session = uow.session
    await session.execute(
        tallied_pings.insert().values(
            event_id=context.envelope.id, subject_id=event.subject_id, sequence=event.sequence
        )
    )
    # An UPDATE's result is a CursorResult, which has the rowcount; the session's execute is typed as a plain Result.
    counted = cast(
        "sa.CursorResult[Any]",
        await session.execute(
            tallies.update().where(tallies.c.subject_id == event.subject_id).values(count=tallies.c.count + 1)
        ),
    )
    if counted.rowcount == 0:
        await session.execute(tallies.insert().values(subject_id=event.subject_id, count=1))


class TallySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_TALLY_", extra="ignore")


service = Service(
    # The service's name is its Kafka consumer group: a name per test keeps tests on a shared broker apart.
    name=os.environ.get("TALLY_SERVICE_NAME", "tally"),
    title="Tally",
    description="Test-only subscriber that counts ProbePinged.",
    router=APIRouter(),
    metadata=metadata,
    migrations=Path(__file__).parent / "tally_migrations",
    settings=TallySettings,
    subscriptions=subscriptions,
    projections=(tallies, tallied_pings),
)
platform = service.tables


def unit_of_work(session: AsyncSession) -> UnitOfWork:
    return UnitOfWork(session, platform, producer=None)
