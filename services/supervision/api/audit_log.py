"""The audit trail, for auditors."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from services.supervision.api.callers import Auditor
from services.supervision.api.schemas.audit import AuditEntryOut
from services.supervision.queries.audit import audit_trail
from shared.runtime.bodies import IsoDateTime
from shared.runtime.http import Page, UnitOfWorkDep, service_router

router = service_router(tags=["audit"])


@router.get("/audit-log", response_model=Page[AuditEntryOut])
async def read_audit_log(
    uow: UnitOfWorkDep,
    principal: Auditor,
    child_id: Annotated[uuid.UUID | None, Query(description="Only entries touching this child")] = None,
    from_: Annotated[IsoDateTime | None, Query(alias="from", description="From this time (UTC if no offset)")] = None,
    to: Annotated[IsoDateTime | None, Query(description="Up to this time, exclusive")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Annotated[int | None, Query(ge=0, le=2**62, description="next_cursor from the previous page")] = None,
) -> Page[AuditEntryOut]:
    """Who read or wrote which child's supervision record, and when: oldest first, a page at a time. Auditors
    only; reading the log is itself logged."""
    rows, next_cursor = await audit_trail(
        uow, principal, child_id=child_id, since=from_, until=to, limit=limit, cursor=cursor
    )
    return Page[AuditEntryOut](items=[AuditEntryOut(**row) for row in rows], next_cursor=next_cursor)
