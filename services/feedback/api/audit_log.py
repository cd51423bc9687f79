"""The audit trail, for auditors."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel

from services.feedback.api.callers import Auditor
from services.feedback.queries.audit import audit_trail
from shared.runtime.bodies import UtcDateTime, response_example
from shared.runtime.http import Page, UnitOfWorkDep, service_router

router = service_router(tags=["audit"])


class AuditEntryOut(BaseModel):
    model_config = response_example(
        id=1042,
        at="2026-01-05T09:14:03Z",
        actor="feedback.team",
        role="feedback_officer",
        action="read",
        resource="complaint/0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a/complainant",
        child_id="1f2e3d4c-5b6a-4789-8a7b-6c5d4e3f2a1b",
        request_id="8a1c2d3e-6f70-4b81-9c2d-3e4f5a6b7c8d",
    )
    id: int
    at: UtcDateTime
    actor: str
    role: str
    action: str
    resource: str
    child_id: str | None
    request_id: str | None


@router.get("/audit-log", response_model=Page[AuditEntryOut])
async def read_audit_log(
    uow: UnitOfWorkDep,
    principal: Auditor,
    child_id: Annotated[uuid.UUID | None, Query(description="Only entries touching this child")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Annotated[int | None, Query(ge=0, le=2**62, description="next_cursor from the previous page")] = None,
) -> Page[AuditEntryOut]:
    """Who read or wrote which complaint (and who complained), oldest first, a page at a time. Auditors only;
    reading the log is itself logged."""
    rows, next_cursor = await audit_trail(uow, principal, child_id=child_id, limit=limit, cursor=cursor)
    return Page[AuditEntryOut](items=[AuditEntryOut(**row) for row in rows], next_cursor=next_cursor)
