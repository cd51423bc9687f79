"""Pods, workers and their memberships, as the API lists them."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from services.allocation.models import Membership, Pod, Worker
from services.allocation.queries.caseloads import membership_current_on
from services.allocation.rules.composition import Composition, PodMember, pod_composition
from shared.runtime.http import page_of
from shared.runtime.unit_of_work import UnitOfWork
from shared.vocabulary import PodRole


async def pods(uow: UnitOfWork, limit: int, cursor: uuid.UUID | None) -> tuple[list[Pod], str | None]:
    """Pods in a stable order (by id), a page at a time."""
    query = sa.select(Pod).order_by(Pod.id).limit(limit + 1)
    if cursor is not None:
        query = query.where(Pod.id > cursor)
    return page_of((await uow.session.scalars(query)).all(), limit, lambda pod: pod.id)


async def workers(
    uow: UnitOfWork, limit: int, cursor: uuid.UUID | None, pod_id: uuid.UUID | None
) -> tuple[list[Worker], str | None]:
    """Workers in a stable order, optionally only the current members of a pod."""
    query = sa.select(Worker).order_by(Worker.id).limit(limit + 1)
    if cursor is not None:
        query = query.where(Worker.id > cursor)
    if pod_id is not None:
        members = sa.select(Membership.worker_id).where(Membership.pod_id == pod_id, Membership.end_date.is_(None))
        query = query.where(Worker.id.in_(members))
    return page_of((await uow.session.scalars(query)).all(), limit, lambda worker: worker.id)


async def memberships(uow: UnitOfWork, worker: Worker) -> list[Membership]:
    query = sa.select(Membership).where(Membership.worker_id == worker.id).order_by(Membership.start_date)
    return list((await uow.session.scalars(query)).all())


async def composition(uow: UnitOfWork, pod: Pod, day: date) -> tuple[Composition, list[PodMember]]:
    """The pod rule over the memberships current on the day."""
    query = (
        sa.select(Membership)
        .where(Membership.pod_id == pod.id, membership_current_on(day))
        .order_by(Membership.role, Membership.worker_id)
    )
    members = [PodMember(str(m.worker_id), PodRole(m.role), m.fte) for m in (await uow.session.scalars(query)).all()]
    return pod_composition(members), members
