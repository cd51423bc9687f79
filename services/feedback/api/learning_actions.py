"""Learning actions: what changes because of a complaint, who owns it, by when; completed by the owning pod's
manager or the feedback team."""

from __future__ import annotations

import uuid

from fastapi import Response, status

from services.feedback.api.callers import ActionCompleter, FeedbackTeam
from services.feedback.api.presenting import learning_action_out
from services.feedback.api.schemas.complaints import CompletionIn, LearningActionIn, LearningActionOut
from services.feedback.commands import learning as commands
from services.feedback.queries import scope
from shared.runtime.http import IfMatch, UnitOfWorkDep, etag, service_router

router = service_router(tags=["complaints"])


@router.post(
    "/complaints/{complaint_id}/learning-actions", status_code=status.HTTP_201_CREATED, response_model=LearningActionOut
)
async def add_learning_action(
    complaint_id: uuid.UUID,
    body: LearningActionIn,
    uow: UnitOfWorkDep,
    principal: FeedbackTeam,
    response: Response,
    if_match: IfMatch = None,
) -> LearningActionOut:
    """Agree what the service will change because of this complaint, with an owner (a pod, or a team or role)
    and a due date. Actions not done show in the due list."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "write", "/learning-actions", if_match=if_match)
    action = await commands.add_action(uow, complaint, **body.model_dump())
    await uow.flush()
    response.headers["Location"] = f"/feedback/v1/complaints/{complaint.id}/learning-actions/{action.id}"
    response.headers["ETag"] = etag(complaint.version)
    return learning_action_out(action)


@router.post(
    "/complaints/{complaint_id}/learning-actions/{action_id}/completion",
    response_model=LearningActionOut,
    responses={409: {"description": "Completed already"}},
)
async def complete_learning_action(
    complaint_id: uuid.UUID,
    action_id: uuid.UUID,
    body: CompletionIn,
    uow: UnitOfWorkDep,
    principal: ActionCompleter,
    response: Response,
) -> LearningActionOut:
    """Record that a learning action was done: by the feedback team, a head of service, or a manager of the pod
    that owns it (or that the complaint is about)."""
    complaint = await scope.complaint_for(uow, principal, complaint_id, "write", f"/learning-actions/{action_id}")
    action = await scope.learning_action_for(uow, principal, complaint, action_id)
    await commands.complete_action(uow, complaint, action, body.completed_on)
    await uow.flush()
    response.headers["ETag"] = etag(complaint.version)
    return learning_action_out(action)
