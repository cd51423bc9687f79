"""A small council built through the allocation commands, for tests that need pods, workers and cases.

Each builder commits, as a route would, so a refused command's rollback leaves the council as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from services.allocation.commands import allocations, children, pods, workers
from services.allocation.models import Base, Case, Child, Membership, Pod, Worker, platform
from shared.runtime.unit_of_work import UnitOfWork

LONG_AGO = date(2022, 1, 3)


@dataclass
class Council:
    uow: UnitOfWork
    numbers: dict[str, int] = field(default_factory=dict)

    def _next(self, kind: str) -> int:
        self.numbers[kind] = self.numbers.get(kind, 0) + 1
        return self.numbers[kind]

    async def pod(self, name: str | None = None) -> Pod:
        pod = await pods.create_pod(self.uow, name or f"Pod {self._next('pod')}", LONG_AGO)
        await self.uow.commit()
        return pod

    async def worker(
        self,
        pod: Pod,
        role: str = "social_worker",
        *,
        fte: float = 1.0,
        since: date = LONG_AGO,
        registration_number: str | None = "auto",
        employment: str = "employed",
        name: str | None = None,
    ) -> Worker:
        number = self._next("worker")
        worker = await workers.register_worker(
            self.uow,
            name=name or f"Worker {number}",
            registration_number=f"SW{9000 + number}" if registration_number == "auto" else registration_number,
            employment=employment,
        )
        await workers.join_pod(self.uow, worker, pod_id=pod.id, role=role, fte=fte, start_date=since)
        await self.uow.commit()
        return worker

    async def membership(self, worker: Worker) -> Membership:
        query = sa.select(Membership).where(Membership.worker_id == worker.id, Membership.end_date.is_(None))
        return (await self.uow.session.scalars(query)).one()

    async def child(
        self,
        *,
        born: date = date(2012, 5, 14),
        la_child_id: str | None = None,
        uasc: bool = False,
        sibling_of: Child | None = None,
    ) -> Child:
        child = await children.register_child(
            self.uow,
            la_child_id=la_child_id or f"C{self._next('child'):05d}",
            given_name="Amara",
            family_name="Jones",
            date_of_birth=born,
            sex="F",
            uasc=uasc,
            family_id=sibling_of.family_id if sibling_of else None,
        )
        await self.uow.commit()
        return child

    async def case(self, child: Child | None = None, *, referred: date = date(2023, 2, 1)) -> Case:
        case = await children.open_case(self.uow, child or await self.child(), referral_date=referred, source="test")
        await self.uow.commit()
        return case

    async def allocated_case(
        self, worker: Worker, pod: Pod, *, since: date = date(2023, 2, 1), child: Child | None = None, kind: str = "CIN"
    ) -> Case:
        case = await self.case(child, referred=since)
        legal_status = "C2" if kind == "CLA" else None
        cp_category = "NEG" if kind == "CP" else None
        await children.start_status(
            self.uow, case, kind=kind, start_date=since, cp_category=cp_category, legal_status=legal_status
        )
        await allocations.allocate(self.uow, case, pod_id=pod.id, worker_id=worker.id, start_date=since)
        await self.uow.commit()
        return case


async def events(uow: UnitOfWork) -> list[tuple[str, dict[str, Any]]]:
    """The outbox in order, with what the unit of work has published and not yet written: (event name, payload)."""
    await uow.flush()
    rows = (await uow.session.execute(sa.select(platform.outbox).order_by(platform.outbox.c.id))).mappings().all()
    return [(row["event_type"].split(".")[2], json.loads(row["payload"])) for row in rows]


async def events_of(uow: UnitOfWork, name: str) -> list[dict[str, Any]]:
    return [payload for event, payload in await events(uow) if event == name]


async def row_counts(uow: UnitOfWork) -> dict[str, int]:
    """Every table's row count, the outbox and audit log included: what "nothing written" is checked against."""
    counts = {}
    for table in Base.metadata.sorted_tables:
        counts[table.name] = await uow.session.scalar(sa.select(sa.func.count()).select_from(table)) or 0
    return counts
