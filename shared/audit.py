"""The audit log: every read and write of a child's identifiable data, in the owning service's database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth.principal import Principal
from shared.messaging.tables import PlatformTables
from shared.observability import correlation_id

Action = Literal["read", "write", "export"]


async def record_access(
    session: AsyncSession,
    tables: PlatformTables,
    principal: Principal,
    action: Action,
    resource: str,
    child_ids: list[UUID] | None = None,
) -> None:
    """Adds audit rows to the caller's transaction: one per child touched, or one for the resource."""
    now = datetime.now(UTC)
    rows = [
        {
            "at": now,
            "actor": principal.subject,
            "role": principal.role,
            "action": action,
            "resource": resource[:200],
            "child_id": str(child_id) if child_id else None,
            "request_id": correlation_id(),
        }
        for child_id in (child_ids or [None])  # type: ignore[list-item]
    ]
    await session.execute(tables.audit_log.insert(), rows)
