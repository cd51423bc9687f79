from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Header, Query, Response, status

from services.allocation.api.access import AnyRole, HeadOfService, check_if_match, etag
from services.allocation.api.schemas import CompositionOut, GapOut, IsoDate, MemberOut, Page, PodIn, PodOut, PodUpdate
from services.allocation.commands import pods as commands
from services.allocation.models import Membership, Pod
from services.allocation.queries.caseloads import membership_current_on
from services.allocation.rules.codes import Role
from services.allocation.rules.composition import Gap, PodMember, pod_composition
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
    principal: AnyRole,
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
async def get_pod(pod_id: uuid.UUID, session: SessionDep, principal: AnyRole, response: Response) -> PodOut:
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


@router.get("/pods/{pod_id}/composition", response_model=CompositionOut, responses={404: {"description": "No pod"}})
async def get_composition(
    pod_id: uuid.UUID,
    session: SessionDep,
    principal: AnyRole,
    as_at: Annotated[IsoDate | None, Query(description="Defaults to today")] = None,
) -> CompositionOut:
    """The pod rule over the memberships current on the date: 1 FTE pod manager, up to 2 FTE senior social
    workers, up to 5 FTE social workers, at least one social worker in training and a business support officer.
    A pod out of shape is allowed; this says exactly what is missing or over."""
    await load_pod(session, pod_id)
    day = as_at or date.today()
    query = (
        sa.select(Membership)
        .where(Membership.pod_id == pod_id, membership_current_on(day))
        .order_by(Membership.role, Membership.worker_id)
    )
    members = [PodMember(str(m.worker_id), Role(m.role), m.fte) for m in (await session.scalars(query)).all()]
    composition = pod_composition(members)
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
