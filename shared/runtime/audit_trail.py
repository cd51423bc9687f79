"""Every service's audit trail, read by auditors through the same route in every service: who read, wrote or
exported which child's data, and when (`GET /{service}/v1/audit-log`). Each service keeps its own trail in its own
database; an auditor reads them all the same way."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, Query
from pydantic import BaseModel

from shared.auth import Principal, Role, require_roles
from shared.runtime.bodies import RecordDateTime, UtcDateTime, response_example
from shared.runtime.http import Page, RuntimeDep, UnitOfWorkDep, page_of, service_router
from shared.runtime.unit_of_work import UnitOfWork

router = service_router(tags=["audit"])
Auditor = Annotated[Principal, Depends(require_roles(Role.auditor))]


class AuditEntryOut(BaseModel):
    model_config = response_example(
        id=1042,
        at="2016-03-01T09:14:03Z",
        actor="amy.osei",
        role="social_worker",
        action="read",
        resource="case/5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
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
    runtime: RuntimeDep,
    principal: Auditor,
    child_id: Annotated[uuid.UUID | None, Query(description="Only entries touching this child")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="Only this caller (token subject)")] = None,
    from_: Annotated[RecordDateTime | None, Query(alias="from", description="From this time (UTC by default)")] = None,
    to: Annotated[RecordDateTime | None, Query(description="Up to this time, exclusive")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Annotated[int | None, Query(ge=0, le=2**62, description="next_cursor from the previous page")] = None,
) -> Page[AuditEntryOut]:
    """Who read, wrote or exported which child's data in this service, and when: oldest first, a page at a time.
    Auditors only; reading the trail is itself written to it."""
    rows, next_cursor = await audit_trail(
        uow,
        runtime.service.tables.audit_log,
        principal,
        child_id=child_id,
        actor=actor,
        since=from_,
        until=to,
        limit=limit,
        cursor=cursor,
    )
    return Page[AuditEntryOut](items=[AuditEntryOut(**row) for row in rows], next_cursor=next_cursor)


async def audit_trail(
    uow: UnitOfWork,
    log: sa.Table,
    principal: Principal,
    *,
    child_id: uuid.UUID | None,
    actor: str | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    cursor: int | None,
) -> tuple[list[dict[str, Any]], str | None]:
    query = sa.select(log).order_by(log.c.id).limit(limit + 1)
    if cursor is not None:
        query = query.where(log.c.id > cursor)
    if child_id is not None:
        query = query.where(log.c.child_id == str(child_id))
    if actor is not None:
        query = query.where(log.c.actor == actor)
    if since is not None:
        query = query.where(log.c.at >= _utc(since))
    if until is not None:
        query = query.where(log.c.at < _utc(until))
    rows = [dict(row) for row in (await uow.session.execute(query)).mappings().all()]
    uow.audit(principal, "read", "audit-log")
    return page_of(rows, limit, lambda row: row["id"])


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
