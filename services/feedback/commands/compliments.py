"""Compliments: first-class feedback. The workers and the pod they commend are told by the fact published."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from services.feedback.commands.refusals import as_problems
from services.feedback.models import Compliment
from services.feedback.queries import view
from services.feedback.rules.refusals import refuse_future
from shared.events.feedback import ComplimentReceived
from shared.runtime.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class NewCompliment:
    received_on: date
    from_relation: str
    summary: str
    themes: list[str]
    worker_ids: list[uuid.UUID]
    pod_id: uuid.UUID | None = None


async def pod_commended(uow: UnitOfWork, new: NewCompliment) -> uuid.UUID | None:
    """The pod given, else the first commended worker's pod on the day."""
    await view.require_known(uow, pod_id=new.pod_id)
    await view.require_workers_known(uow, new.worker_ids, "worker_ids")
    if new.pod_id is not None or not new.worker_ids:
        return new.pod_id
    return await view.pod_of_worker(uow, new.worker_ids[0], new.received_on)


async def receive(
    uow: UnitOfWork, new: NewCompliment, pod_id: uuid.UUID | None, *, today: date | None = None
) -> Compliment:
    with as_problems():
        refuse_future(new.received_on, today or date.today(), "received_on")
    compliment = Compliment(
        id=uuid.uuid4(),
        received_on=new.received_on,
        from_relation=new.from_relation,
        pod_id=pod_id,
        worker_ids=[str(worker_id) for worker_id in dict.fromkeys(new.worker_ids)],
        themes=sorted(set(new.themes)),
        summary=new.summary,
        recorded_at=datetime.now(UTC),
    )
    uow.session.add(compliment)
    uow.publish(
        ComplimentReceived.model_validate(
            dict(
                compliment_id=compliment.id,
                received_on=compliment.received_on,
                from_relation=compliment.from_relation,
                worker_ids=compliment.worker_ids,
                pod_id=pod_id,
                themes=compliment.themes,
            )
        )
    )
    return compliment
