"""Compliments read: a page at a time, for the feedback team and heads of service, or for a pod's own people."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from services.feedback.models import Compliment
from shared.runtime.unit_of_work import UnitOfWork


async def compliments(
    uow: UnitOfWork,
    pods: frozenset[uuid.UUID] | None,
    *,
    pod_id: uuid.UUID | None,
    worker_id: uuid.UUID | None,
    received_from: date | None,
    received_to: date | None,
    limit: int,
    after: uuid.UUID | None,
) -> list[Compliment]:
    query = sa.select(Compliment).order_by(Compliment.id).limit(limit + 1)
    if pods is not None:
        query = query.where(Compliment.pod_id.in_(pods))
    if pod_id is not None:
        query = query.where(Compliment.pod_id == pod_id)
    if received_from is not None:
        query = query.where(Compliment.received_on >= received_from)
    if received_to is not None:
        query = query.where(Compliment.received_on <= received_to)
    if after is not None:
        query = query.where(Compliment.id > after)
    if worker_id is not None:
        # The workers are a short JSON list of ids; its text holds the id exactly when the list does, on SQLite and
        # PostgreSQL alike.
        query = query.where(sa.cast(Compliment.worker_ids, sa.Text).contains(str(worker_id)))
    return list((await uow.session.scalars(query)).all())
