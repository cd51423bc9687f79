"""A child as records knows them: siblings, who holds the latest case, and the statuses open today."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from services.records.models import Holder, KnownChild, KnownStatus
from services.records.queries import view
from shared.runtime.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ChildRecord:
    siblings: list[uuid.UUID]
    holder: Holder | None
    statuses: list[dict[str, Any]]


async def record(uow: UnitOfWork, child: KnownChild) -> ChildRecord:
    siblings = (
        [c.child_id for c in await view.family_of(uow, child.family_id) if c.child_id != child.child_id]
        if child.family_id
        else []
    )
    today = date.today()
    query = sa.select(KnownStatus).where(
        KnownStatus.child_id == child.child_id,
        KnownStatus.start <= today,
        sa.or_(KnownStatus.end.is_(None), KnownStatus.end >= today),
    )
    statuses = [
        {"kind": s.kind, "start": s.start, "end": s.end, "cp_category": s.cp_category, "legal_status": s.legal_status}
        for s in (await uow.session.scalars(query.order_by(KnownStatus.start))).all()
    ]
    return ChildRecord(siblings, await uow.session.get(Holder, child.child_id), statuses)


async def pod_names(uow: UnitOfWork) -> dict[str, str]:
    return await view.pod_names(uow)
