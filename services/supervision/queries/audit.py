"""The audit trail, for auditors: who read or wrote which child's supervision record, and when."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from services.supervision.models import platform
from shared.auth import Principal
from shared.runtime.http import page_of
from shared.runtime.unit_of_work import UnitOfWork


async def audit_trail(
    uow: UnitOfWork,
    principal: Principal,
    *,
    child_id: uuid.UUID | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    cursor: int | None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Oldest first, a page at a time; reading the trail is itself written to it."""
    log = platform.audit_log
    query = sa.select(log).order_by(log.c.id).limit(limit + 1)
    if cursor is not None:
        query = query.where(log.c.id > cursor)
    if child_id is not None:
        query = query.where(log.c.child_id == str(child_id))
    if since is not None:
        query = query.where(log.c.at >= _utc(since))
    if until is not None:
        query = query.where(log.c.at < _utc(until))
    rows = [dict(row) for row in (await uow.session.execute(query)).mappings().all()]
    uow.audit(principal, "read", "audit-log")
    return page_of(rows, limit, lambda row: row["id"])


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
