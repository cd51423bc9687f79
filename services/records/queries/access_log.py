"""A child's access log: who has read, written or exported the child's record, when, in what role, through which
resource — read from the audit trail every route writes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from services.records.models import platform
from shared.runtime.http import page_of
from shared.runtime.unit_of_work import UnitOfWork


async def access_log(
    uow: UnitOfWork,
    child_id: uuid.UUID,
    *,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    cursor: int | None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Newest first, a page at a time."""
    log = platform.audit_log
    query = sa.select(log).where(log.c.child_id == str(child_id)).order_by(log.c.id.desc()).limit(limit + 1)
    if cursor is not None:
        query = query.where(log.c.id < cursor)
    if since is not None:
        query = query.where(log.c.at >= _utc(since))
    if until is not None:
        query = query.where(log.c.at < _utc(until))
    rows = [dict(row) for row in (await uow.session.execute(query)).mappings().all()]
    return page_of(rows, limit, lambda row: row["id"])


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
