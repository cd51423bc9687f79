"""A child's supervision history: every decision about the child, in any pod."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa

from services.supervision.models import DiscussedChild, Discussion, Session
from services.supervision.queries.paging import dated, parse_dated
from shared.runtime.http import page_of
from shared.runtime.unit_of_work import UnitOfWork


async def decisions_of(
    uow: UnitOfWork, child_id: uuid.UUID, *, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """Newest first, a page at a time."""
    query = (
        sa.select(
            DiscussedChild.decision_id,
            DiscussedChild.discussion_id,
            DiscussedChild.session_id,
            Session.pod_id,
            DiscussedChild.discussed_on,
            (Session.state == "signed_off").label("signed_off"),
            sa.func.coalesce(DiscussedChild.decision, Discussion.decision).label("decision"),
            sa.func.coalesce(DiscussedChild.rationale, Discussion.rationale).label("rationale"),
            Discussion.dissent,
        )
        .join(Discussion, Discussion.id == DiscussedChild.discussion_id)
        .join(Session, Session.id == DiscussedChild.session_id)
        .where(DiscussedChild.child_id == child_id)
    )
    if cursor is not None:
        day, decision_id = parse_dated(cursor)
        query = query.where(
            sa.or_(
                DiscussedChild.discussed_on < day,
                sa.and_(DiscussedChild.discussed_on == day, DiscussedChild.decision_id < decision_id),
            )
        )
    query = query.order_by(DiscussedChild.discussed_on.desc(), DiscussedChild.decision_id.desc()).limit(limit + 1)
    rows = [dict(row) for row in (await uow.session.execute(query)).mappings().all()]
    return page_of(rows, limit, lambda row: dated(row["discussed_on"], row["decision_id"]))
