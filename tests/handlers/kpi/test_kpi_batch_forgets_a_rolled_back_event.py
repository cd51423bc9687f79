"""A batch's rows wait in memory until its end; an event the consumer rolls back to its savepoint (to retry it or
dead-letter it) must leave nothing of itself in them, exactly as its deferred writes leave nothing."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import async_sessionmaker

from services.kpi.models import PodRow
from services.kpi.projection import merge, write_batch
from services.kpi.service import service as kpi_service
from shared.runtime.unit_of_work import UnitOfWork
from tests.handlers.kpi.deliveries import kpi_consumer, rows_of


async def test_what_an_event_merged_before_its_rollback_is_not_written_and_what_was_flushed_is() -> None:
    kept, rolled_back, retried = (str(uuid.uuid4()) for _ in range(3))
    async with kpi_consumer() as kpi:
        async with async_sessionmaker(kpi.engine)() as session:
            uow = UnitOfWork(session, kpi_service.tables, producer=None)
            merge(uow, PodRow, pod_id=kept, name="Kept")
            await uow.flush()  # the consumer flushes each event that took effect
            merge(uow, PodRow, pod_id=rolled_back, name="Rolled back")
            merge(uow, PodRow, pod_id=kept, name="Renamed by the rolled-back event")
            uow.discard()  # its savepoint was rolled back
            merge(uow, PodRow, pod_id=retried, name="Retried")
            await uow.flush()
            await write_batch(uow, [])
            await uow.commit()
        pods = {row.pod_id: row.name for row in await rows_of(kpi.engine, PodRow)}
    assert pods == {kept: "Kept", retried: "Retried"}
