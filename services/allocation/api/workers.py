from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Header, Query, Response, status

from services.allocation.api.access import (
    AnyRole,
    Staffing,
    check_if_match,
    etag,
    require_pod_in_scope,
    require_worker_in_scope,
)
from services.allocation.api.plans import plan_out
from services.allocation.api.schemas import (
    LeavingOut,
    MembershipEnd,
    MembershipIn,
    MembershipOut,
    Page,
    WorkerIn,
    WorkerOut,
    WorkerUpdate,
)
from services.allocation.commands import workers as commands
from services.allocation.commands.leavers import leave
from services.allocation.models import Membership, Worker
from services.allocation.settings import Settings
from shared.problems import NotFound
from shared.runtime.dependencies import SessionDep

router = APIRouter(tags=["workers"])


def worker_out(worker: Worker) -> WorkerOut:
    return WorkerOut(
        id=worker.id,
        name=worker.name,
        registration_number=worker.registration_number,
        employment=worker.employment,
    )


def membership_out(m: Membership) -> MembershipOut:
    return MembershipOut(
        id=m.id,
        worker_id=m.worker_id,
        pod_id=m.pod_id,
        role=m.role,
        fte=m.fte,
        start_date=m.start_date,
        end_date=m.end_date,
    )


async def load_worker(session: SessionDep, worker_id: uuid.UUID) -> Worker:
    worker = await session.get(Worker, worker_id)
    if worker is None:
        raise NotFound(f"no worker {worker_id}", field="worker_id")
    return worker


@router.post("/workers", status_code=status.HTTP_201_CREATED, response_model=WorkerOut)
async def register_worker(body: WorkerIn, session: SessionDep, principal: Staffing, response: Response) -> WorkerOut:
    """Register a worker (a starter, e.g. from the HR system), with their Social Work England registration."""
    worker = await commands.register_worker(session, **body.model_dump())
    await session.commit()
    response.headers["Location"] = f"/allocation/v1/workers/{worker.id}"
    response.headers["ETag"] = etag(worker.version)
    return worker_out(worker)


@router.get("/workers", response_model=Page[WorkerOut])
async def list_workers(
    session: SessionDep,
    principal: AnyRole,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[uuid.UUID | None, Query()] = None,
    pod_id: Annotated[uuid.UUID | None, Query(description="Only workers currently in this pod")] = None,
) -> Page[WorkerOut]:
    """Workers in a stable order, optionally only the current members of a pod."""
    query = sa.select(Worker).order_by(Worker.id).limit(limit + 1)
    if cursor is not None:
        query = query.where(Worker.id > cursor)
    if pod_id is not None:
        members = sa.select(Membership.worker_id).where(Membership.pod_id == pod_id, Membership.end_date.is_(None))
        query = query.where(Worker.id.in_(members))
    workers = list((await session.scalars(query)).all())
    next_cursor = str(workers[limit - 1].id) if len(workers) > limit else None
    return Page[WorkerOut](items=[worker_out(w) for w in workers[:limit]], next_cursor=next_cursor)


@router.get("/workers/{worker_id}", response_model=WorkerOut)
async def get_worker(worker_id: uuid.UUID, session: SessionDep, principal: AnyRole, response: Response) -> WorkerOut:
    """One worker."""
    worker = await load_worker(session, worker_id)
    response.headers["ETag"] = etag(worker.version)
    return worker_out(worker)


@router.patch("/workers/{worker_id}", response_model=WorkerOut)
async def update_worker(
    worker_id: uuid.UUID,
    body: WorkerUpdate,
    session: SessionDep,
    principal: Staffing,
    response: Response,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> WorkerOut:
    """Correct a worker's name or employment (employed or agency): a pod manager, of the workers in their pods
    today; heads of service and council systems, of anyone."""
    worker = await load_worker(session, worker_id)
    await require_worker_in_scope(session, principal, worker.id, date.today())
    check_if_match(if_match, worker.version)
    await commands.update_worker(session, worker, name=body.name, employment=body.employment)
    await session.commit()
    response.headers["ETag"] = etag(worker.version)
    return worker_out(worker)


@router.get("/workers/{worker_id}/memberships", response_model=list[MembershipOut])
async def list_memberships(worker_id: uuid.UUID, session: SessionDep, principal: AnyRole) -> list[MembershipOut]:
    """The worker's memberships of pods, as periods."""
    await load_worker(session, worker_id)
    query = sa.select(Membership).where(Membership.worker_id == worker_id).order_by(Membership.start_date)
    return [membership_out(m) for m in (await session.scalars(query)).all()]


@router.post("/workers/{worker_id}/memberships", status_code=status.HTTP_201_CREATED, response_model=MembershipOut)
async def join_pod(
    worker_id: uuid.UUID, body: MembershipIn, session: SessionDep, principal: Staffing, response: Response
) -> MembershipOut:
    """The worker joins a pod in a role, at an FTE, from a date."""
    require_pod_in_scope(principal, body.pod_id)
    worker = await load_worker(session, worker_id)
    membership = await commands.join_pod(session, worker, **body.model_dump())
    await session.commit()
    response.headers["Location"] = f"/allocation/v1/workers/{worker_id}/memberships/{membership.id}"
    return membership_out(membership)


@router.post(
    "/workers/{worker_id}/memberships/{membership_id}/end",
    response_model=LeavingOut,
    responses={409: {"description": "The membership has already ended"}},
)
async def end_membership(
    worker_id: uuid.UUID,
    membership_id: uuid.UUID,
    body: MembershipEnd,
    session: SessionDep,
    principal: Staffing,
    settings: Settings,
) -> LeavingOut:
    """End a membership (a leaver, e.g. from the HR system; the date may be ahead). When it was the worker's last
    membership, a reallocation plan for every case they hold is proposed: colleagues in the same pod with
    capacity first, then other pods; cases nobody has room for are listed for a decision. The cases stay with
    the worker until the plan is applied (`POST /rebalancing-plans/{id}/apply`)."""
    membership = await session.get(Membership, membership_id)
    if membership is None or membership.worker_id != worker_id:
        raise NotFound(f"no membership {membership_id} of worker {worker_id}", field="membership_id")
    require_pod_in_scope(principal, membership.pod_id)
    plan = await leave(
        session,
        membership,
        end_date=body.end_date,
        policy=settings.caseload_policy(),
        approval_threshold=settings.approval_threshold,
        proposed_by=principal.subject,
    )
    await session.commit()
    return LeavingOut(membership=membership_out(membership), plan=plan_out(plan) if plan else None)
