"""Compliments: recorded by the feedback team, council systems, or a pod's own people for their pod; seen by the
pod they commend."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response, status

from services.feedback.api.callers import ComplimentReader, ComplimentRecorder
from services.feedback.api.schemas.compliments import ComplimentIn, ComplimentOut
from services.feedback.commands import compliments as commands
from services.feedback.models import Compliment
from services.feedback.queries import compliments as queries
from services.feedback.queries import scope
from shared.runtime.bodies import IsoDate
from shared.runtime.http import Page, UnitOfWorkDep, page_of, service_router, uuid_cursor

router = service_router(tags=["compliments"])


def compliment_out(compliment: Compliment) -> ComplimentOut:
    return ComplimentOut.model_validate(
        dict(
            id=compliment.id,
            received_on=compliment.received_on,
            from_relation=compliment.from_relation,
            worker_ids=compliment.worker_ids,
            pod_id=compliment.pod_id,
            themes=compliment.themes,
            summary=compliment.summary,
        )
    )


@router.post("/compliments", status_code=status.HTTP_201_CREATED, response_model=ComplimentOut)
async def receive_compliment(
    body: ComplimentIn, uow: UnitOfWorkDep, principal: ComplimentRecorder, response: Response
) -> ComplimentOut:
    """Record a compliment: from whom (child, parent, carer, professional), the workers it commends, their pod
    (by default the first worker's on the day), its themes and words. The workers and pod are told (an event
    with ids and codes only). Pod staff record compliments for their own pod."""
    new = commands.NewCompliment(**body.model_dump())
    pod_id = await commands.pod_commended(uow, new)
    scope.require_pods_in_scope(principal, pod_id)
    compliment = await commands.receive(uow, new, pod_id)
    uow.audit(principal, "write", f"compliment/{compliment.id}")
    response.headers["Location"] = f"/feedback/v1/compliments/{compliment.id}"
    return compliment_out(compliment)


@router.get("/compliments", response_model=Page[ComplimentOut])
async def list_compliments(
    uow: UnitOfWorkDep,
    principal: ComplimentReader,
    pod_id: uuid.UUID | None = None,
    worker_id: uuid.UUID | None = None,
    received_from: IsoDate | None = None,
    received_to: IsoDate | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(description="next_cursor from the previous page")] = None,
) -> Page[ComplimentOut]:
    """Compliments a page at a time, in a stable order: every pod's for the feedback team and heads of service,
    their own pods' for pod staff and managers; filter by pod, worker and the days received."""
    found = await queries.compliments(
        uow,
        scope.pods_seen(principal),
        pod_id=pod_id,
        worker_id=worker_id,
        received_from=received_from,
        received_to=received_to,
        limit=limit,
        after=uuid_cursor(cursor),
    )
    page, next_cursor = page_of(found, limit, lambda compliment: compliment.id)
    return Page[ComplimentOut](items=[compliment_out(c) for c in page], next_cursor=next_cursor)


@router.get("/compliments/{compliment_id}", response_model=ComplimentOut)
async def get_compliment(compliment_id: uuid.UUID, uow: UnitOfWorkDep, principal: ComplimentReader) -> ComplimentOut:
    """One compliment."""
    return compliment_out(await scope.compliment_for(uow, principal, compliment_id))
