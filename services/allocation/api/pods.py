from __future__ import annotations

import uuid
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Header, Query, Response, status

from services.allocation.api.access import HeadOfService, check_if_match, etag
from services.allocation.api.schemas import Page, PodIn, PodOut, PodUpdate
from services.allocation.commands import pods as commands
from services.allocation.models import Pod
from shared.auth import CurrentPrincipal
from shared.problems import NotFound
from shared.runtime.dependencies import SessionDep

router = APIRouter(tags=["pods"])


def pod_out(pod: Pod) -> PodOut:
    return PodOut(id=pod.id, name=pod.name, created_on=pod.created_on)


async def load_pod(session: SessionDep, pod_id: uuid.UUID) -> Pod:
    pod = await session.get(Pod, pod_id)
    if pod is None:
        raise NotFound(f"no pod {pod_id}", field="pod_id")
    return pod


@router.post(
    "/pods",
    status_code=status.HTTP_201_CREATED,
    response_model=PodOut,
    responses={409: {"description": "A pod with that name exists"}},
)
async def create_pod(body: PodIn, session: SessionDep, principal: HeadOfService, response: Response) -> PodOut:
    """Create a pod: a small team (pod manager, social workers, a worker in training, business support)."""
    pod = await commands.create_pod(session, body.name, body.created_on)
    await session.commit()
    response.headers["Location"] = f"/allocation/v1/pods/{pod.id}"
    response.headers["ETag"] = etag(pod.version)
    return pod_out(pod)


@router.get("/pods", response_model=Page[PodOut])
async def list_pods(
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[uuid.UUID | None, Query(description="next_cursor from the previous page")] = None,
) -> Page[PodOut]:
    """List pods in a stable order (by id), a page at a time."""
    query = sa.select(Pod).order_by(Pod.id).limit(limit + 1)
    if cursor is not None:
        query = query.where(Pod.id > cursor)
    pods = list((await session.scalars(query)).all())
    next_cursor = str(pods[limit - 1].id) if len(pods) > limit else None
    return Page[PodOut](items=[pod_out(p) for p in pods[:limit]], next_cursor=next_cursor)


@router.get("/pods/{pod_id}", response_model=PodOut)
async def get_pod(pod_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response) -> PodOut:
    """One pod."""
    pod = await load_pod(session, pod_id)
    response.headers["ETag"] = etag(pod.version)
    return pod_out(pod)


@router.patch("/pods/{pod_id}", response_model=PodOut, responses={412: {"description": "If-Match failed"}})
async def update_pod(
    pod_id: uuid.UUID,
    body: PodUpdate,
    session: SessionDep,
    principal: HeadOfService,
    response: Response,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> PodOut:
    """Rename a pod. Send the ETag from GET as `If-Match` so a concurrent change is not overwritten."""
    pod = await load_pod(session, pod_id)
    check_if_match(if_match, pod.version)
    await commands.rename_pod(session, pod, body.name)
    await session.commit()
    response.headers["ETag"] = etag(pod.version)
    return pod_out(pod)
