"""The audit trail, for auditors: who read or wrote which complaint (and so which child's feedback), and when."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa

from services.feedback.models import platform
from shared.auth import Principal
from shared.runtime.http import page_of
from shared.runtime.unit_of_work import UnitOfWork


async def audit_trail(
    uow: UnitOfWork, principal: Principal, *, child_id: uuid.UUID | None, limit: int, cursor: int | None
) -> tuple[list[dict[str, Any]], str | None]:
    """Oldest first, a page at a time; reading the trail is itself written to it."""
    log = platform.audit_log
    query = sa.select(log).order_by(log.c.id).limit(limit + 1)
    if cursor is not None:
        query = query.where(log.c.id > cursor)
    if child_id is not None:
        query = query.where(log.c.child_id == str(child_id))
    rows = [dict(row) for row in (await uow.session.execute(query)).mappings().all()]
    uow.audit(principal, "read", "audit-log")
    return page_of(rows, limit, lambda row: row["id"])
