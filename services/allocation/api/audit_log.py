from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Query

from services.allocation.api.access import Auditor, audit
from services.allocation.api.schemas import AuditEntryOut, IsoDateTime, Page
from services.allocation.models import platform
from shared.runtime.dependencies import SessionDep

router = APIRouter(tags=["audit"])


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@router.get("/audit-log", response_model=Page[AuditEntryOut])
async def read_audit_log(
    session: SessionDep,
    principal: Auditor,
    child_id: Annotated[uuid.UUID | None, Query(description="Only entries touching this child")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="Only this caller (token subject)")] = None,
    from_: Annotated[IsoDateTime | None, Query(alias="from", description="From this time (UTC if no offset)")] = None,
    to: Annotated[IsoDateTime | None, Query(description="Up to this time, exclusive")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Annotated[int | None, Query(ge=0, le=2**62, description="next_cursor from the previous page")] = None,
) -> Page[AuditEntryOut]:
    """Who read, wrote or exported which child's data, and when: oldest first, a page at a time. Auditors only;
    reading the log is itself logged."""
    log = platform.audit_log
    query = sa.select(log).order_by(log.c.id).limit(limit + 1)
    if cursor is not None:
        query = query.where(log.c.id > cursor)
    if child_id is not None:
        query = query.where(log.c.child_id == str(child_id))
    if actor is not None:
        query = query.where(log.c.actor == actor)
    if from_ is not None:
        query = query.where(log.c.at >= _utc(from_))
    if to is not None:
        query = query.where(log.c.at < _utc(to))
    rows = (await session.execute(query)).mappings().all()
    page = [AuditEntryOut(**row) for row in rows[:limit]]
    await audit(session, principal, "read", "audit-log")
    await session.commit()
    next_cursor = str(rows[limit - 1]["id"]) if len(rows) > limit else None
    return Page[AuditEntryOut](items=page, next_cursor=next_cursor)
