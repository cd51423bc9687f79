"""Pods: the small teams that hold cases, and the pod rule they are measured against."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Query, Response, status

from services.allocation.api.callers import Anyone, HeadOfService
from services.allocation.api.schemas import CompositionOut, GapOut, IsoDate, MemberOut, PodIn, PodOut, PodUpdate
from services.allocation.commands import pods as commands
from services.allocation.models import Pod
from services.allocation.queries import scope, staff
from services.allocation.rules.composition import Gap
from shared.runtime.http import IfMatch, Page, UnitOfWorkDep, etag, service_router

router = service_router(tags=["pods"])


def pod_out(pod: Pod) -> PodOut:
    return PodOut(id=pod.id, name=pod.name, created_on=pod.created_on)


@router.post(
    "/pods",
    status_code=status.HTTP_201_CREATED,
    response_model=PodOut,
    responses={409: {"description": "A pod with that name exists"}},
)
async def create_pod(body: PodIn, uow: UnitOfWorkDep, principal: HeadOfService, response: Response) -> PodOut:
    """Create a pod: a small team (pod manager, social workers, a worker in training, business support)."""
    pod = await commands.create_pod(uow, body.name, body.created_on)
    response.headers["Location"] = f"/allocation/v1/pods/{pod.id}"
    response.headers["ETag"] = etag(pod.version)
    return pod_out(pod)


@router.get("/pods", response_model=Page[PodOut])
async def list_pods(
    uow: UnitOfWorkDep,
    principal: Anyone,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[uuid.UUID | None, Query(description="next_cursor from the previous page")] = None,
) -> Page[PodOut]:
    """List pods in a stable order (by id), a page at a time."""
    pods, next_cursor = await staff.pods(uow, limit, cursor)
    return Page[PodOut](items=[pod_out(p) for p in pods], next_cursor=next_cursor)


@router.get("/pods/{pod_id}", response_model=PodOut)
async def get_pod(pod_id: uuid.UUID, uow: UnitOfWorkDep, principal: Anyone, response: Response) -> PodOut:
    """One pod. Its `ETag` is what `If-Match` must carry on a change."""
    pod = await scope.pod(uow, pod_id)
    response.headers["ETag"] = etag(pod.version)
    return pod_out(pod)


@router.patch("/pods/{pod_id}", response_model=PodOut)
async def update_pod(
    pod_id: uuid.UUID,
    body: PodUpdate,
    uow: UnitOfWorkDep,
    principal: HeadOfService,
    response: Response,
    if_match: IfMatch = None,
) -> PodOut:
    """Rename a pod. Send the ETag from GET as `If-Match` so a concurrent change is not overwritten."""
    pod = await commands.rename_pod(uow, await scope.pod(uow, pod_id, if_match=if_match), body.name)
    response.headers["ETag"] = etag(pod.version)
    return pod_out(pod)


@router.get("/pods/{pod_id}/composition", response_model=CompositionOut)
async def get_composition(
    pod_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: Anyone,
    as_at: Annotated[IsoDate | None, Query(description="Defaults to today")] = None,
) -> CompositionOut:
    """The pod rule over the memberships current on the date: 1 FTE pod manager, up to 2 FTE senior social
    workers, up to 5 FTE social workers, at least one social worker in training and a business support officer.
    A pod out of shape is allowed; this says exactly what is missing or over."""
    day = as_at or date.today()
    composition, members = await staff.composition(uow, await scope.pod(uow, pod_id), day)
    return CompositionOut(
        pod_id=pod_id,
        as_at=day,
        in_shape=composition.in_shape,
        fte_by_role=composition.fte_by_role,
        missing=[_gap_out(gap) for gap in composition.missing],
        over=[_gap_out(gap) for gap in composition.over],
        members=[MemberOut(worker_id=uuid.UUID(m.worker_id), role=m.role.value, fte=m.fte) for m in members],
    )


def _gap_out(gap: Gap) -> GapOut:
    return GapOut(role=gap.role.value, expected=gap.expected, actual_fte=gap.actual_fte, message=gap.message)
