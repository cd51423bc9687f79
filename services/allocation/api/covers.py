"""Cover: a pod colleague covering one case, or all of a worker's cases, for a period. Not a transfer."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Query, Response, status

from services.allocation.api.callers import CaseReader, CoverArranger
from services.allocation.api.schemas import ContactOut, CoverEnd, CoverIn, CoverOut, IsoDate, WorkerRef
from services.allocation.commands import covers as commands
from services.allocation.models import Cover, Worker
from services.allocation.queries import children as queries
from services.allocation.queries import rota, scope
from shared.runtime.http import UnitOfWorkDep, service_router

router = service_router(tags=["cover"])


def cover_out(cover: Cover) -> CoverOut:
    return CoverOut(
        id=cover.id,
        worker_id=cover.worker_id,
        covering_worker_id=cover.covering_worker_id,
        case_id=cover.case_id,
        start_date=cover.start_date,
        end_date=cover.end_date,
        reason=cover.reason,
    )


@router.post("/cases/{case_id}/covers", status_code=status.HTTP_201_CREATED, response_model=CoverOut)
async def cover_case(
    case_id: uuid.UUID, body: CoverIn, uow: UnitOfWorkDep, principal: CoverArranger, response: Response
) -> CoverOut:
    """A pod colleague covers this case for a period (leave, sickness, court, duty, other). The allocated worker
    does not change; the family is told to call the covering worker while the cover lasts."""
    case = await scope.case_for(uow, principal, case_id, "write", "/cover")
    cover = await commands.cover_case(uow, case, **body.model_dump())
    response.headers["Location"] = f"/allocation/v1/covers/{cover.id}"
    return cover_out(cover)


@router.post("/workers/{worker_id}/covers", status_code=status.HTTP_201_CREATED, response_model=CoverOut)
async def cover_worker(
    worker_id: uuid.UUID, body: CoverIn, uow: UnitOfWorkDep, principal: CoverArranger, response: Response
) -> CoverOut:
    """A pod colleague covers all of this worker's cases for a period, e.g. while they are on leave."""
    await scope.require_worker_in_scope(uow, principal, worker_id, body.start_date)
    cover = await commands.cover_worker(uow, await scope.worker(uow, worker_id), **body.model_dump())
    uow.audit(principal, "write", f"worker/{worker_id}/cover")
    response.headers["Location"] = f"/allocation/v1/covers/{cover.id}"
    return cover_out(cover)


@router.get("/covers", response_model=list[CoverOut])
async def list_covers(
    uow: UnitOfWorkDep,
    principal: CaseReader,
    pod_id: Annotated[uuid.UUID | None, Query(description="Covers of or by this pod's workers")] = None,
    worker_id: Annotated[uuid.UUID | None, Query(description="Covers of or by this worker")] = None,
    on: Annotated[IsoDate | None, Query(description="Defaults to today")] = None,
) -> list[CoverOut]:
    """Who is covering whom on a day: the covers active that day of a pod's workers (covered or covering), or of
    one worker (their own cases covered by a colleague, or a colleague's they cover). Pod staff see their pods';
    a worker always sees their own."""
    day = on or date.today()
    await scope.require_rota_in_scope(uow, principal, day, pod_id, worker_id)
    uow.audit(principal, "read", "covers")
    return [cover_out(c) for c in await rota.covers_on(uow, day, pod_id=pod_id, worker_id=worker_id)]


@router.get("/covers/{cover_id}", response_model=CoverOut)
async def get_cover(cover_id: uuid.UUID, uow: UnitOfWorkDep, principal: CoverArranger) -> CoverOut:
    """One cover and its period."""
    return cover_out(await scope.cover(uow, principal, cover_id, "read"))


@router.post("/covers/{cover_id}/end", response_model=CoverOut, responses={409: {"description": "Already ended"}})
async def end_cover(cover_id: uuid.UUID, body: CoverEnd, uow: UnitOfWorkDep, principal: CoverArranger) -> CoverOut:
    """End a cover by hand, e.g. when the worker comes back early; `end_date` is the last day covered."""
    cover = await scope.cover(uow, principal, cover_id, "write")
    return cover_out(await commands.end_cover(uow, cover, end_date=body.end_date))


@router.get("/cases/{case_id}/contact", response_model=ContactOut)
async def who_to_call(
    case_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: CaseReader,
    on: Annotated[IsoDate | None, Query(description="Defaults to today")] = None,
) -> ContactOut:
    """Who to call about this case on a day: the allocated worker, or the colleague covering for them. Never a
    worker who has left: a cover whose colleague has gone is passed over, and a case still held by a leaver
    (waiting for their reallocation plan) says to call the pod."""
    case = await scope.case_for(uow, principal, case_id, "read", "/contact")
    day = on or date.today()
    contact, allocated, reachable = await queries.contact(uow, case, day)
    return ContactOut(
        case_id=case.id,
        on=day,
        pod_id=contact.allocation.pod_id if contact.allocation else None,
        allocated_worker=_worker_ref(allocated),
        contact=_worker_ref(reachable),
        cover=cover_out(contact.cover) if contact.cover else None,
        summary=_summary(allocated, reachable, contact.cover),
    )


def _worker_ref(worker: Worker | None) -> WorkerRef | None:
    return WorkerRef(id=worker.id, name=worker.name) if worker else None


def _summary(allocated: Worker | None, reachable: Worker | None, cover: Cover | None) -> str:
    if allocated is None:
        return "no allocated worker that day: call the pod"
    if reachable is None:
        return f"{allocated.name} has left the pod and the case waits for a new worker: call the pod"
    if cover is None:
        return f"call {allocated.name}"
    until = f" until {cover.end_date}" if cover.end_date else ""
    return f"call {reachable.name}, covering for {allocated.name} ({cover.reason}){until}"
