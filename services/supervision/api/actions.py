"""Actions agreed in supervision: a pod's and a child's, done or cancelled, overdue when open past due."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from fastapi import Query

from services.supervision.api.callers import PodStaff, Reader
from services.supervision.api.discussions import action_out
from services.supervision.api.schemas.actions import ActionCancelIn, ActionDoneIn
from services.supervision.api.schemas.days import Day
from services.supervision.api.schemas.discussions import ActionOut
from services.supervision.commands import actions as commands
from services.supervision.queries import scope
from services.supervision.queries.actions import actions_of
from shared.runtime.http import IfMatch, Page, UnitOfWorkDep, service_router

router = service_router(tags=["actions"])
StatusFilter = Literal["open", "overdue", "done", "cancelled"]


@router.get("/pods/{pod_id}/actions", response_model=Page[ActionOut])
async def pod_actions(
    pod_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: Reader,
    status: Annotated[StatusFilter | None, Query(description="overdue: open and past due on as_at")] = None,
    owner_id: Annotated[uuid.UUID | None, Query(description="Only this worker's")] = None,
    as_at: Annotated[Day | None, Query(description="The day overdue is judged on; defaults to today")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(max_length=80, description="next_cursor from the previous page")] = None,
) -> Page[ActionOut]:
    """The actions the pod agreed, soonest due first, a page at a time."""
    scope.pod_for(uow, principal, pod_id, "read", "/actions")
    day = as_at or date.today()
    rows, next_cursor = await actions_of(
        uow, principal, pod_id=pod_id, owner_id=owner_id, status=status, day=day, limit=limit, cursor=cursor
    )
    return Page[ActionOut](items=[action_out(a, day) for a in rows], next_cursor=next_cursor)


@router.get("/children/{child_id}/actions", response_model=Page[ActionOut])
async def child_actions(
    child_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: Reader,
    status: Annotated[StatusFilter | None, Query(description="overdue: open and past due on as_at")] = None,
    as_at: Annotated[Day | None, Query(description="The day overdue is judged on; defaults to today")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(max_length=80, description="next_cursor from the previous page")] = None,
) -> Page[ActionOut]:
    """Every action agreed for the child, in any pod, soonest due first."""
    await scope.child_for(uow, principal, child_id, "read", "/actions")
    day = as_at or date.today()
    rows, next_cursor = await actions_of(
        uow, principal, child_id=child_id, status=status, day=day, limit=limit, cursor=cursor
    )
    return Page[ActionOut](items=[action_out(a, day) for a in rows], next_cursor=next_cursor)


@router.get("/actions/{action_id}", response_model=ActionOut)
async def get_action(action_id: uuid.UUID, uow: UnitOfWorkDep, principal: Reader) -> ActionOut:
    """One action, overdue as judged today."""
    return action_out(await scope.action_for(uow, principal, action_id, "read"), date.today())


@router.post("/actions/{action_id}/complete", response_model=ActionOut, responses={409: {"description": "Closed"}})
async def complete_action(
    action_id: uuid.UUID, body: ActionDoneIn, uow: UnitOfWorkDep, principal: PodStaff, if_match: IfMatch = None
) -> ActionOut:
    """Mark an open action done, on the day it was done (once its session is signed off)."""
    action = await scope.action_for(uow, principal, action_id, "write", if_match=if_match)
    return action_out(
        await commands.complete(uow, action, completed_on=body.completed_on, note=body.note), date.today()
    )


@router.post("/actions/{action_id}/cancel", response_model=ActionOut, responses={409: {"description": "Closed"}})
async def cancel_action(
    action_id: uuid.UUID, body: ActionCancelIn, uow: UnitOfWorkDep, principal: PodStaff, if_match: IfMatch = None
) -> ActionOut:
    """Cancel an open action that no longer needs doing, saying why: it is then neither done nor overdue."""
    action = await scope.action_for(uow, principal, action_id, "write", if_match=if_match)
    return action_out(
        await commands.cancel(uow, action, cancelled_on=body.cancelled_on, reason=body.reason), date.today()
    )
