"""Workers (starters and leavers, e.g. from the HR system) and their memberships of pods."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Query, Response, status

from services.allocation.api.callers import Anyone, Staffing
from services.allocation.api.plans import plan_out
from services.allocation.api.schemas import (
    LeavingOut,
    MembershipEnd,
    MembershipIn,
    MembershipOut,
    WorkerIn,
    WorkerOut,
    WorkerUpdate,
)
from services.allocation.commands import workers as commands
from services.allocation.commands.leavers import leave
from services.allocation.models import Membership, Worker
from services.allocation.queries import scope, staff
from services.allocation.settings import Settings
from shared.runtime.http import IfMatch, Page, UnitOfWorkDep, etag, service_router

router = service_router(tags=["workers"])


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


@router.post("/workers", status_code=status.HTTP_201_CREATED, response_model=WorkerOut)
async def register_worker(body: WorkerIn, uow: UnitOfWorkDep, principal: Staffing, response: Response) -> WorkerOut:
    """Register a worker (a starter, e.g. from the HR system), with their Social Work England registration."""
    worker = await commands.register_worker(uow, **body.model_dump())
    response.headers["Location"] = f"/allocation/v1/workers/{worker.id}"
    response.headers["ETag"] = etag(worker.version)
    return worker_out(worker)


@router.get("/workers", response_model=Page[WorkerOut])
async def list_workers(
    uow: UnitOfWorkDep,
    principal: Anyone,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[uuid.UUID | None, Query()] = None,
    pod_id: Annotated[uuid.UUID | None, Query(description="Only workers currently in this pod")] = None,
) -> Page[WorkerOut]:
    """Workers in a stable order, optionally only the current members of a pod."""
    workers, next_cursor = await staff.workers(uow, limit, cursor, pod_id)
    return Page[WorkerOut](items=[worker_out(w) for w in workers], next_cursor=next_cursor)


@router.get("/workers/{worker_id}", response_model=WorkerOut)
async def get_worker(worker_id: uuid.UUID, uow: UnitOfWorkDep, principal: Anyone, response: Response) -> WorkerOut:
    """One worker."""
    worker = await scope.worker(uow, worker_id)
    response.headers["ETag"] = etag(worker.version)
    return worker_out(worker)


@router.patch("/workers/{worker_id}", response_model=WorkerOut)
async def update_worker(
    worker_id: uuid.UUID,
    body: WorkerUpdate,
    uow: UnitOfWorkDep,
    principal: Staffing,
    response: Response,
    if_match: IfMatch = None,
) -> WorkerOut:
    """Correct a worker's name or employment (employed or agency): a pod manager, of the workers in their pods
    today; heads of service and council systems, of anyone."""
    await scope.require_worker_in_scope(uow, principal, worker_id, date.today())
    worker = await scope.worker(uow, worker_id, if_match=if_match)
    await commands.update_worker(uow, worker, name=body.name, employment=body.employment)
    response.headers["ETag"] = etag(worker.version)
    return worker_out(worker)


@router.get("/workers/{worker_id}/memberships", response_model=list[MembershipOut])
async def list_memberships(worker_id: uuid.UUID, uow: UnitOfWorkDep, principal: Anyone) -> list[MembershipOut]:
    """The worker's memberships of pods, as periods."""
    return [membership_out(m) for m in await staff.memberships(uow, await scope.worker(uow, worker_id))]


@router.post("/workers/{worker_id}/memberships", status_code=status.HTTP_201_CREATED, response_model=MembershipOut)
async def join_pod(
    worker_id: uuid.UUID, body: MembershipIn, uow: UnitOfWorkDep, principal: Staffing, response: Response
) -> MembershipOut:
    """The worker joins a pod in a role, at an FTE, from a date."""
    scope.require_pod_in_scope(principal, body.pod_id)
    membership = await commands.join_pod(uow, await scope.worker(uow, worker_id), **body.model_dump())
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
    uow: UnitOfWorkDep,
    principal: Staffing,
    settings: Settings,
) -> LeavingOut:
    """End a membership (a leaver, e.g. from the HR system; the date may be ahead). When it was the worker's last
    membership, a reallocation plan for every case they hold is proposed: colleagues in the same pod with
    capacity first, then other pods; cases nobody has room for are listed for a decision. The cases stay with
    the worker until the plan is applied (`POST /rebalancing-plans/{id}/apply`)."""
    membership = await scope.membership(uow, principal, worker_id, membership_id)
    plan = await leave(
        uow,
        membership,
        end_date=body.end_date,
        policy=settings.caseload_policy(),
        approval_threshold=settings.approval_threshold,
        proposed_by=principal.subject,
    )
    return LeavingOut(membership=membership_out(membership), plan=plan_out(plan) if plan else None)
