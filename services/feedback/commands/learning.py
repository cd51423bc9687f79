"""Learning actions: what the service changes because of a complaint, whoever owns it, by when."""

from __future__ import annotations

import uuid
from datetime import date

from services.feedback.commands.refusals import as_problems
from services.feedback.models import Complaint, LearningAction
from services.feedback.queries import view
from services.feedback.rules.complaints import check_action_completion, check_learning_action
from shared.runtime.unit_of_work import UnitOfWork


async def add_action(
    uow: UnitOfWork,
    complaint: Complaint,
    *,
    action: str,
    agreed_on: date,
    due_on: date,
    owner_pod_id: uuid.UUID | None,
    owner: str | None,
    today: date | None = None,
) -> LearningAction:
    with as_problems():
        check_learning_action(
            agreed_on=agreed_on, due_on=due_on, received_on=complaint.received_on, today=today or date.today()
        )
    await view.require_known(uow, pod_id=owner_pod_id)
    learning = LearningAction(
        id=uuid.uuid4(),
        complaint_id=complaint.id,
        action=action,
        owner_pod_id=owner_pod_id,
        owner=owner,
        agreed_on=agreed_on,
        due_on=due_on,
    )
    actions: list[LearningAction] = await complaint.awaitable_attrs.learning_actions
    actions.append(learning)
    complaint.record_change()
    return learning


async def complete_action(
    uow: UnitOfWork, complaint: Complaint, learning: LearningAction, completed_on: date, *, today: date | None = None
) -> LearningAction:
    with as_problems():
        check_action_completion(
            agreed_on=learning.agreed_on,
            completed_before=learning.completed_on,
            completed_on=completed_on,
            today=today or date.today(),
        )
    learning.completed_on = completed_on
    complaint.record_change()
    return learning
