"""Case discussions of a session, and each child's supervision history."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Query, Response, status

from services.supervision.api.callers import PodStaff, Reader
from services.supervision.api.schemas.discussions import (
    ActionOut,
    ChildDecisionOut,
    DecisionOut,
    DiscussionIn,
    DiscussionOut,
    NeedsToHappenIn,
    ScoreOut,
    WorkingWellIn,
    WorriesIn,
)
from services.supervision.commands import discussions as commands
from services.supervision.models import Action, Session
from services.supervision.queries import children as child_queries
from services.supervision.queries import scope
from services.supervision.queries.actions import is_overdue
from services.supervision.queries.sessions import DiscussionParts, discussion_parts
from shared.runtime.http import IfMatch, Page, UnitOfWorkDep, etag, service_router

router = service_router(tags=["case discussions"])


def record_of(body: DiscussionIn) -> commands.DiscussionRecord:
    return commands.DiscussionRecord(
        children=[commands.ChildDecision(c.child_id, c.decision, c.rationale) for c in body.children],
        decision=body.decision,
        rationale=body.rationale,
        mapping=commands.SafetyMapping(
            **body.worries.model_dump(),
            **body.working_well.model_dump(),
            **body.needs_to_happen.model_dump(),
            hypotheses=body.hypotheses,
        ),
        dissent=body.dissent,
        scores=[commands.ScoreGiven(s.voice, s.score, s.question, s.child_id) for s in body.scores],
        actions=[commands.ActionAgreed(a.description, a.owner_id, a.due_date, a.child_id) for a in body.actions],
    )


def action_out(action: Action, day: date) -> ActionOut:
    return ActionOut(
        id=action.id,
        session_id=action.session_id,
        pod_id=action.pod_id,
        child_id=action.child_id,
        description=action.description,
        owner_id=action.owner_id,
        set_on=action.set_on,
        due_date=action.due_date,
        status=action.status,
        overdue=is_overdue(action, day),
        closed_on=action.closed_on,
        closing_note=action.closing_note,
    )


def discussion_out(parts: DiscussionParts, session: Session) -> DiscussionOut:
    d = parts.discussion
    return DiscussionOut(
        id=d.id,
        session_id=d.session_id,
        pod_id=d.pod_id,
        discussed_on=d.discussed_on,
        signed_off=session.signed_off,
        children=[
            DecisionOut(
                decision_id=c.decision_id,
                child_id=c.child_id,
                case_id=c.case_id,
                worker_id=c.worker_id,
                decision=c.decision or d.decision,
                rationale=c.rationale or d.rationale,
            )
            for c in parts.children
        ],
        worries=WorriesIn(
            harm=d.harm, complicating_factors=d.complicating_factors, danger_statement=d.danger_statement
        ),
        working_well=WorkingWellIn(strengths=d.strengths, existing_safety=d.existing_safety),
        needs_to_happen=NeedsToHappenIn(safety_goals=d.safety_goals, next_steps=d.next_steps),
        hypotheses=d.hypotheses,
        decision=d.decision,
        rationale=d.rationale,
        dissent=d.dissent,
        scores=[
            ScoreOut(id=s.id, child_id=s.child_id, voice=s.voice, question=s.question, score=s.score)
            for s in parts.scores
        ],
        actions=[action_out(a, date.today()) for a in parts.actions],
        recorded_by=d.recorded_by,
    )


@router.post(
    "/sessions/{session_id}/discussions",
    status_code=status.HTTP_201_CREATED,
    response_model=DiscussionOut,
    responses={409: {"description": "The session is not held yet, or signed off; or the child was discussed in it"}},
)
async def record_discussion(
    session_id: uuid.UUID, body: DiscussionIn, uow: UnitOfWorkDep, principal: PodStaff, response: Response
) -> DiscussionOut:
    """Record a case discussion of a held session: one child, or a sibling group with a decision per child where
    they differ. Each child's case must be allocated to the pod on the day. The Signs of Safety mapping (what are
    we worried about, what's working well, what needs to happen), hypotheses, the decision and its rationale (both
    required: "case discussed, plan agreed" is not a decision), dissent, scaling scores 0-10 by voice and actions
    (each with an owner and a due date). Editable until the session is signed off."""
    session = await scope.session_for(uow, principal, session_id, "write", "/discussions")
    discussion = await commands.record_discussion(uow, session, record_of(body), by=principal.subject)
    await uow.flush()  # the discussion's version, for its ETag
    response.headers["Location"] = f"/supervision/v1/discussions/{discussion.id}"
    response.headers["ETag"] = etag(discussion.version)
    return discussion_out(await discussion_parts(uow, discussion), session)


@router.get("/discussions/{discussion_id}", response_model=DiscussionOut)
async def get_discussion(
    discussion_id: uuid.UUID, uow: UnitOfWorkDep, principal: Reader, response: Response
) -> DiscussionOut:
    """One case discussion, with each child's decision, the scores and the actions. Its `ETag` is what `If-Match`
    carries on a revision."""
    discussion, session = await scope.discussion_for(uow, principal, discussion_id, "read")
    response.headers["ETag"] = etag(discussion.version)
    return discussion_out(await discussion_parts(uow, discussion), session)


@router.put(
    "/discussions/{discussion_id}", response_model=DiscussionOut, responses={409: {"description": "Signed off"}}
)
async def revise_discussion(
    discussion_id: uuid.UUID,
    body: DiscussionIn,
    uow: UnitOfWorkDep,
    principal: PodStaff,
    response: Response,
    if_match: IfMatch = None,
) -> DiscussionOut:
    """Correct a discussion before its session is signed off: the body replaces what it records (a child kept
    keeps their decision id). After sign-off the record only grows by addenda."""
    discussion, session = await scope.discussion_for(uow, principal, discussion_id, "write", if_match=if_match)
    await commands.revise_discussion(uow, session, discussion, record_of(body), by=principal.subject)
    await uow.flush()
    response.headers["ETag"] = etag(discussion.version)
    return discussion_out(await discussion_parts(uow, discussion), session)


@router.get("/children/{child_id}/decisions", response_model=Page[ChildDecisionOut])
async def child_decisions(
    child_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: Reader,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=80, description="next_cursor from the previous page")] = None,
) -> Page[ChildDecisionOut]:
    """The child's supervision history: every decision about the child, newest first, in any pod."""
    await scope.child_for(uow, principal, child_id, "read", "/decisions")
    rows, next_cursor = await child_queries.decisions_of(uow, child_id, limit=limit, cursor=cursor)
    return Page[ChildDecisionOut](items=[ChildDecisionOut(**row) for row in rows], next_cursor=next_cursor)
