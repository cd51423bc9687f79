"""Delivering allocation's facts to the KPI consumer as the transport would, and reading back what they did.

`Facts` writes the events of a small story with readable names ("pod a", "worker b", "child amy"), each name
standing for the same UUID every time; `received(...)` wraps events in CloudEvents headers exactly as the relay
publishes them; `read_model(...)` is every read-model row, for before/after comparisons.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from services.kpi.models import READ_MODEL, TopicFreshness
from services.kpi.service import service as kpi_service
from shared.db import create_engine
from shared.events.allocation import (
    AllocationCorrected,
    AllocationEnded,
    CaseAllocated,
    CaseClosed,
    CaseOpened,
    CaseStatusEnded,
    CaseStatusStarted,
    CaseTransferred,
    CaseUnallocated,
    ChildRegistered,
    CoverStarted,
    PodCreated,
    WorkerJoinedPod,
    WorkerLeftPod,
    WorkerRegistered,
)
from shared.events.base import Event
from shared.events.envelope import envelope_for
from shared.messaging.consumer import EventConsumer
from shared.messaging.transport import Message, Received
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.unit_of_work import UnitOfWork
from tests.support.transports import RecordingTransport

ALLOCATION_SOURCE = "/continuum/allocation"


def episode(child: str, worker: str | None, start: date) -> str:
    """The name `Facts` gives an allocation: the child, the worker (or nobody) and the day it started."""
    return f"{child} with {worker or 'nobody'} from {start}"


def received(event: Event, *, offset: int = 0, partition: int = 0) -> Received:
    """One event as the consumer receives it: CloudEvents binary-mode headers, JSON value, keyed by child."""
    envelope = envelope_for(event, source=ALLOCATION_SOURCE, correlation_id=None)
    return Received(Message(event.topic, event.key, envelope.to_headers(), envelope.data), partition, offset)


def deliveries(events: Iterable[Event]) -> list[Received]:
    return [received(event, offset=offset) for offset, event in enumerate(events, start=1)]


@dataclass
class KpiConsumer:
    """The KPI service's real consumer on a database of its own; dead letters land in `transport.published`."""

    engine: AsyncEngine
    consumer: EventConsumer
    transport: RecordingTransport

    async def deliver(self, *batches: Sequence[Received]) -> int:
        return sum([await self.consumer.apply_batch(batch) for batch in batches])

    async def deliver_events(self, *events: Event) -> int:
        return await self.deliver(deliveries(events))


@asynccontextmanager
async def kpi_consumer(database_url: str = "sqlite+aiosqlite://") -> AsyncIterator[KpiConsumer]:
    """A KPI database with the service's migrations applied, and the consumer that fills it."""
    engine = create_engine(database_url)
    await upgrade_to_head(kpi_service, engine)
    transport = RecordingTransport()
    consumer = EventConsumer(
        kpi_service.name,
        engine,
        kpi_service.tables,
        transport,
        kpi_service.subscriptions,
        lambda session: UnitOfWork(session, kpi_service.tables, producer=None),
        retry_backoff=0.0,
    )
    try:
        yield KpiConsumer(engine, consumer, transport)
    finally:
        await engine.dispose()


@asynccontextmanager
async def postgresql_database(server_url: str) -> AsyncIterator[str]:
    """A fresh PostgreSQL database on the test server, dropped afterwards."""
    name = f"continuum_kpi_test_{uuid.uuid4().hex[:12]}"
    admin = sa.make_url(server_url).set(drivername="postgresql", database="postgres")
    connection = await asyncpg.connect(admin.render_as_string(hide_password=False))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    try:
        yield sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        connection = await asyncpg.connect(admin.render_as_string(hide_password=False))
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()


async def read_model(engine: AsyncEngine, *, freshness: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every read-model row, sorted, leaving out when events were applied (the clock, not the facts); without
    freshness, only the facts, to compare databases fed the same facts at different times."""
    snapshot: dict[str, list[tuple[Any, ...]]] = {}
    async with engine.connect() as connection:
        for table in READ_MODEL:
            if table is TopicFreshness.__table__ and not freshness:
                continue
            columns = [c for c in table.columns if c.name != TopicFreshness.last_applied_at.key]
            rows = (await connection.execute(sa.select(*columns))).all()
            snapshot[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return snapshot


async def rows_of(engine: AsyncEngine, model_or_table: Any) -> list[sa.Row[Any]]:
    table = getattr(model_or_table, "__table__", model_or_table)
    async with engine.connect() as connection:
        return list((await connection.execute(sa.select(table))).all())


@dataclass
class Facts:
    """Allocation's facts for a small story, written with names; each name is one UUID for the whole story."""

    ids: dict[str, uuid.UUID] = field(default_factory=dict)

    def id(self, name: str) -> uuid.UUID:
        return self.ids.setdefault(name, uuid.uuid4())

    def case_of(self, child: str) -> str:
        return f"case of {child}"

    def pod(self, pod: str, created_on: date = date(2015, 1, 1)) -> PodCreated:
        return PodCreated(pod_id=self.id(pod), name=pod.title(), created_on=created_on)

    def worker(self, worker: str, employment: str = "employed") -> WorkerRegistered:
        return WorkerRegistered.model_validate(
            {"worker_id": self.id(worker), "registration_number": None, "employment": employment}
        )

    def joins(
        self, worker: str, pod: str, start: date, *, role: str = "social_worker", fte: float = 1.0
    ) -> WorkerJoinedPod:
        return WorkerJoinedPod.model_validate(
            {
                "membership_id": self.id(f"{worker} in {pod}"),
                "worker_id": self.id(worker),
                "pod_id": self.id(pod),
                "role": role,
                "fte": fte,
                "start_date": start,
            }
        )

    def leaves(self, worker: str, pod: str, end: date) -> WorkerLeftPod:
        return WorkerLeftPod(
            membership_id=self.id(f"{worker} in {pod}"), worker_id=self.id(worker), pod_id=self.id(pod), end_date=end
        )

    def child(self, child: str, *, uasc: bool = False, born: date = date(2010, 5, 14)) -> ChildRegistered:
        return ChildRegistered(child_id=self.id(child), la_child_id=child, date_of_birth=born, sex="F", uasc=uasc)

    def opens(self, child: str, referral: date, *, case: str | None = None) -> CaseOpened:
        case = case or self.case_of(child)
        return CaseOpened(case_id=self.id(case), child_id=self.id(child), referral_date=referral, source="front door")

    def closes(self, child: str, closed_on: date, *, case: str | None = None) -> CaseClosed:
        case = case or self.case_of(child)
        return CaseClosed(case_id=self.id(case), child_id=self.id(child), closed_on=closed_on, reason="RC8")

    def status(
        self, child: str, kind: str, start: date, *, legal_status: str | None = None, name: str | None = None
    ) -> CaseStatusStarted:
        return CaseStatusStarted.model_validate(
            {
                "status_id": self.id(name or f"{kind} of {child}"),
                "case_id": self.id(self.case_of(child)),
                "child_id": self.id(child),
                "kind": kind,
                "start_date": start,
                "cp_category": "NEG" if kind == "CP" else None,
                "legal_status": legal_status if kind == "CLA" else None,
            }
        )

    def status_ends(self, child: str, kind: str, end: date, *, name: str | None = None) -> CaseStatusEnded:
        return CaseStatusEnded(
            status_id=self.id(name or f"{kind} of {child}"),
            case_id=self.id(self.case_of(child)),
            child_id=self.id(child),
            end_date=end,
        )

    def allocates(
        self, child: str, worker: str | None, pod: str, start: date, *, allocation: str | None = None
    ) -> CaseAllocated:
        return CaseAllocated(
            allocation_id=self.id(allocation or episode(child, worker, start)),
            case_id=self.id(self.case_of(child)),
            child_id=self.id(child),
            pod_id=self.id(pod),
            worker_id=self.id(worker) if worker else None,
            start_date=start,
        )

    def transfers(
        self,
        child: str,
        from_allocation: str,
        to_worker: str,
        to_pod: str,
        effective: date,
        *,
        from_worker: str | None = None,
        from_pod: str | None = None,
        reason: str = "MANAGE",
    ) -> CaseTransferred:
        return CaseTransferred.model_validate(
            {
                "case_id": self.id(self.case_of(child)),
                "child_id": self.id(child),
                "from_allocation_id": self.id(from_allocation),
                "to_allocation_id": self.id(episode(child, to_worker, effective)),
                "from_worker_id": self.id(from_worker) if from_worker else None,
                "to_worker_id": self.id(to_worker),
                "from_pod_id": self.id(from_pod or to_pod),
                "to_pod_id": self.id(to_pod),
                "effective_date": effective,
                "reason": reason,
                "across_pods": (from_pod or to_pod) != to_pod,
            }
        )

    def allocation_ends(self, child: str, allocation: str, end: date) -> AllocationEnded:
        return AllocationEnded(
            allocation_id=self.id(allocation),
            case_id=self.id(self.case_of(child)),
            child_id=self.id(child),
            end_date=end,
            reason="case_closed",
        )

    def unallocates(
        self, child: str, allocation: str, worker: str, pod: str, end: date, reason: str = "LEFTRL"
    ) -> CaseUnallocated:
        """The worker comes off the case; the pod's allocation awaiting a worker is named episode(child, None, end)."""
        return CaseUnallocated.model_validate(
            {
                "case_id": self.id(self.case_of(child)),
                "child_id": self.id(child),
                "allocation_id": self.id(allocation),
                "worker_id": self.id(worker),
                "pod_id": self.id(pod),
                "end_date": end,
                "reason": reason,
                "awaiting_allocation_id": self.id(episode(child, None, end)),
            }
        )

    def corrects(
        self,
        child: str,
        allocation: str,
        worker: str | None,
        pod: str,
        start: date,
        end: date | None = None,
        *,
        entered_in_error: bool = False,
    ) -> AllocationCorrected:
        return AllocationCorrected(
            allocation_id=self.id(allocation),
            case_id=self.id(self.case_of(child)),
            child_id=self.id(child),
            pod_id=self.id(pod),
            worker_id=self.id(worker) if worker else None,
            start_date=start,
            end_date=end,
            entered_in_error=entered_in_error,
            note="recorded against the wrong worker",
        )

    def covers(self, covering: str, for_worker: str, child: str, start: date, end: date | None = None) -> CoverStarted:
        return CoverStarted(
            cover_id=self.id(f"{covering} covers {for_worker}"),
            worker_id=self.id(for_worker),
            covering_worker_id=self.id(covering),
            case_id=self.id(self.case_of(child)),
            start_date=start,
            end_date=end,
            reason="annual leave",
        )
