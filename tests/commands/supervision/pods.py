"""Two pods in the supervision service's view of allocation, written straight into the view (the handlers that keep
it are tested in tests/handlers/supervision), and the steps of a session through the service's own commands.

North: Nora (pod manager), Sam (senior), Amy and Ben (social workers). South: Sol (pod manager), Vic (an
advisor who may visit). Each builder commits, as a route would, so a refused command's rollback leaves the rest.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from services.supervision.commands import discussions, sessions, sign_off
from services.supervision.models import Allocation, Base, Case, Child, Membership, Pod, Session, StatusPeriod, platform
from shared.problems import Problem
from shared.runtime.unit_of_work import UnitOfWork

SINCE = date(2022, 1, 3)
NORTH_STAFF = (
    ("nora", "pod_manager"),
    ("sam", "senior_social_worker"),
    ("amy", "social_worker"),
    ("ben", "social_worker"),
)
SOUTH_STAFF = (("sol", "pod_manager"), ("vic", "senior_social_worker"))
RATIONALE = "Grandmother is willing and trusted; a plan the family builds is likelier to hold."
DECISION = "Convene a family network meeting by 15 March to agree who supervises weekend care."


@dataclass
class Pods:
    uow: UnitOfWork
    north: uuid.UUID = field(default_factory=uuid.uuid4)
    south: uuid.UUID = field(default_factory=uuid.uuid4)
    workers: dict[str, uuid.UUID] = field(default_factory=dict)
    children: dict[str, uuid.UUID] = field(default_factory=dict)
    cases: dict[str, uuid.UUID] = field(default_factory=dict)

    @classmethod
    async def build(cls, uow: UnitOfWork) -> Pods:
        pods = cls(uow)
        uow.session.add_all([Pod(pod_id=pods.north, name="North"), Pod(pod_id=pods.south, name="South")])
        for pod, staff in ((pods.north, NORTH_STAFF), (pods.south, SOUTH_STAFF)):
            for name, role in staff:
                pods.workers[name] = uuid.uuid4()
                uow.session.add(
                    Membership(
                        membership_id=uuid.uuid4(),
                        worker_id=pods.workers[name],
                        pod_id=pod,
                        role=role,
                        start_date=SINCE,
                    )
                )
        await uow.commit()
        return pods

    async def child(
        self,
        name: str,
        *,
        worker: str | None = "amy",
        since: date = date(2023, 6, 5),
        pod: uuid.UUID | None = None,
        family: uuid.UUID | None = None,
        status: str | None = "CP",
    ) -> uuid.UUID:
        """A child whose case the pod (North unless told) holds from `since`, with the worker (None: awaiting)."""
        child_id, case_id = uuid.uuid4(), uuid.uuid4()
        self.children[name], self.cases[name] = child_id, case_id
        self.uow.session.add_all(
            [
                Child(child_id=child_id, la_child_id=name, family_id=family),
                Case(case_id=case_id, child_id=child_id, referral_date=since),
                Allocation(
                    allocation_id=uuid.uuid4(),
                    case_id=case_id,
                    child_id=child_id,
                    pod_id=pod or self.north,
                    worker_id=self.workers[worker] if worker else None,
                    start_date=since,
                ),
            ]
        )
        if status:
            self.uow.session.add(
                StatusPeriod(status_id=uuid.uuid4(), case_id=case_id, child_id=child_id, kind=status, start_date=since)
            )
        await self.uow.commit()
        return child_id

    def attendance(self, *names: str, facilitator: str = "nora") -> list[sessions.Attendance]:
        people = [sessions.Attendance(self.workers[facilitator], "facilitator")]
        return people + [sessions.Attendance(self.workers[name], "presenter") for name in names]

    async def held_session(self, day: date, *presenters: str, pod: uuid.UUID | None = None) -> Session:
        session = await sessions.schedule_session(
            self.uow, pod or self.north, kind="group", scheduled_for=day, starts_at=None, supervisee_id=None, by="t"
        )
        await sessions.hold(self.uow, session, held_on=day, attendance=self.attendance(*(presenters or ("amy",))))
        await self.uow.commit()
        return session

    async def discuss(self, session: Session, *children: str, **record: Any) -> uuid.UUID:
        fields: dict[str, Any] = {"decision": DECISION, "rationale": RATIONALE, **record}
        discussion = await discussions.record_discussion(
            self.uow,
            session,
            discussions.DiscussionRecord(
                children=[discussions.ChildDecision(self.children[name]) for name in children], **fields
            ),
            by="t",
        )
        await self.uow.commit()
        return discussion.id

    async def signed_off(self, session: Session) -> Session:
        await sign_off.sign_off(self.uow, session, by="nora", worker_id=self.workers["nora"])
        await self.uow.commit()
        return session


async def events(uow: UnitOfWork) -> list[tuple[str, dict[str, Any]]]:
    """The outbox in order, with what the unit of work has published and not yet written: (event name, payload)."""
    await uow.flush()
    rows = (await uow.session.execute(sa.select(platform.outbox).order_by(platform.outbox.c.id))).mappings().all()
    return [(row["event_type"].split(".")[2], json.loads(row["payload"])) for row in rows]


async def events_of(uow: UnitOfWork, name: str) -> list[dict[str, Any]]:
    return [payload for event, payload in await events(uow) if event == name]


async def row_counts(uow: UnitOfWork) -> dict[str, int]:
    counts = {}
    for table in Base.metadata.sorted_tables:
        counts[table.name] = await uow.session.scalar(sa.select(sa.func.count()).select_from(table)) or 0
    return counts


async def refused(uow: UnitOfWork, command: Awaitable[Any]) -> Problem:
    """Runs the command, which must be refused with a problem, and checks nothing was written."""
    before = await row_counts(uow)
    with pytest.raises(Problem) as caught:
        await command
    await uow.rollback()
    assert await row_counts(uow) == before, "a refused command wrote something"
    for row in list(uow.session.identity_map.values()):
        await uow.session.refresh(row)
    return caught.value
