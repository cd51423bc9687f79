"""Actions as a pod (or a child's workers) follow them: open, done, cancelled, and overdue as at a day."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from services.supervision.models import Action
from services.supervision.queries.paging import dated, parse_dated
from shared.auth import Principal
from shared.runtime.http import page_of
from shared.runtime.unit_of_work import UnitOfWork


def is_overdue(action: Action, day: date) -> bool:
    return action.status == "open" and action.due_date < day


async def actions_of(
    uow: UnitOfWork,
    principal: Principal,
    *,
    pod_id: uuid.UUID | None = None,
    child_id: uuid.UUID | None = None,
    owner_id: uuid.UUID | None = None,
    status: str | None,
    day: date,
    limit: int,
    cursor: str | None,
) -> tuple[list[Action], str | None]:
    """Soonest due first, a page at a time; "overdue" is open and past its due date on the day."""
    query = sa.select(Action)
    if pod_id is not None:
        query = query.where(Action.pod_id == pod_id)
    if child_id is not None:
        query = query.where(Action.child_id == child_id)
    if owner_id is not None:
        query = query.where(Action.owner_id == owner_id)
    if status == "overdue":
        query = query.where(Action.status == "open", Action.due_date < day)
    elif status is not None:
        query = query.where(Action.status == status)
    if cursor is not None:
        due, action_id = parse_dated(cursor)
        query = query.where(sa.or_(Action.due_date > due, sa.and_(Action.due_date == due, Action.id > action_id)))
    query = query.order_by(Action.due_date, Action.id).limit(limit + 1)
    rows = list((await uow.session.scalars(query)).all())
    uow.audit(principal, "read", "actions", *{action.child_id for action in rows[:limit]})
    return page_of(rows, limit, lambda a: dated(a.due_date, a.id))
