"""An action's life after its session is signed off: done, or cancelled; overdue while open past its due date."""

from __future__ import annotations

from datetime import date

from services.supervision.commands.sessions import refuse_future
from services.supervision.models import Action, Session
from shared.events.supervision import SupervisionActionCancelled, SupervisionActionCompleted
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork


async def _refuse_unless_live(uow: UnitOfWork, action: Action, day: date, field: str) -> None:
    session = await uow.session.get(Session, action.session_id)
    if session is None or not session.signed_off:
        raise Conflict(
            "the action's session is not signed off yet: change the action in its discussion", field="action_id"
        )
    if action.status != "open":
        raise Conflict(f"the action is {action.status} already", field="action_id")
    refuse_future(day, field)
    if day < action.set_on:
        raise Invalid(f"{field} is before the action was set ({action.set_on})", field=field)


async def complete(uow: UnitOfWork, action: Action, *, completed_on: date, note: str | None) -> Action:
    await _refuse_unless_live(uow, action, completed_on, "completed_on")
    action.status, action.closed_on, action.closing_note = "done", completed_on, note
    uow.publish(
        SupervisionActionCompleted(
            action_id=action.id,
            pod_id=action.pod_id,
            child_id=action.child_id,
            completed_on=completed_on,
            due_date=action.due_date,
        )
    )
    return action


async def cancel(uow: UnitOfWork, action: Action, *, cancelled_on: date, reason: str) -> Action:
    await _refuse_unless_live(uow, action, cancelled_on, "cancelled_on")
    action.status, action.closed_on, action.closing_note = "cancelled", cancelled_on, reason
    uow.publish(
        SupervisionActionCancelled(
            action_id=action.id,
            pod_id=action.pod_id,
            child_id=action.child_id,
            cancelled_on=cancelled_on,
            due_date=action.due_date,
        )
    )
    return action
