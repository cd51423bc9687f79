from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.api.access import (
    CaseReader,
    CoverArranger,
    audit,
    load_case,
    require_case_in_scope,
    require_worker_in_scope,
)
from services.allocation.api.schemas import ContactOut, CoverEnd, CoverIn, CoverOut, IsoDate, WorkerRef
from services.allocation.api.workers import load_worker
from services.allocation.commands import covers as commands
from services.allocation.models import Cover, Worker
from shared.auth import Principal
from shared.problems import NotFound
from shared.runtime.dependencies import SessionDep

router = APIRouter(tags=["cover"])


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
    case_id: uuid.UUID, body: CoverIn, session: SessionDep, principal: CoverArranger, response: Response
) -> CoverOut:
    """A pod colleague covers this case for a period (leave, sickness, court, duty, other). The allocated worker
    does not change; the family is told to call the covering worker while the cover lasts."""
    case = await load_case(session, case_id)
    await require_case_in_scope(session, principal, case)
    cover = await commands.cover_case(session, case, **body.model_dump())
    await audit(session, principal, "write", f"case/{case.id}/cover", case.child_id)
    await session.commit()
    response.headers["Location"] = f"/allocation/v1/covers/{cover.id}"
    return cover_out(cover)


@router.post("/workers/{worker_id}/covers", status_code=status.HTTP_201_CREATED, response_model=CoverOut)
async def cover_worker(
    worker_id: uuid.UUID, body: CoverIn, session: SessionDep, principal: CoverArranger, response: Response
) -> CoverOut:
    """A pod colleague covers all of this worker's cases for a period, e.g. while they are on leave."""
    worker = await load_worker(session, worker_id)
    await require_worker_in_scope(session, principal, worker_id, body.start_date)
    cover = await commands.cover_worker(session, worker, **body.model_dump())
    await audit(session, principal, "write", f"worker/{worker.id}/cover")
    await session.commit()
    response.headers["Location"] = f"/allocation/v1/covers/{cover.id}"
    return cover_out(cover)


async def _load_cover(session: AsyncSession, principal: Principal, cover_id: uuid.UUID) -> Cover:
    cover = await session.get(Cover, cover_id)
    if cover is None:
        raise NotFound(f"no cover {cover_id}", field="cover_id")
    await require_worker_in_scope(session, principal, cover.worker_id, cover.start_date)
    return cover


@router.get("/covers/{cover_id}", response_model=CoverOut)
async def get_cover(cover_id: uuid.UUID, session: SessionDep, principal: CoverArranger) -> CoverOut:
    """One cover and its period."""
    return cover_out(await _load_cover(session, principal, cover_id))


@router.post("/covers/{cover_id}/end", response_model=CoverOut, responses={409: {"description": "Already ended"}})
async def end_cover(cover_id: uuid.UUID, body: CoverEnd, session: SessionDep, principal: CoverArranger) -> CoverOut:
    """End a cover by hand, e.g. when the worker comes back early; `end_date` is the last day covered."""
    cover = await _load_cover(session, principal, cover_id)
    await commands.end_cover(session, cover, end_date=body.end_date)
    await audit(session, principal, "write", f"cover/{cover.id}/end")
    await session.commit()
    return cover_out(cover)


@router.get("/cases/{case_id}/contact", response_model=ContactOut)
async def who_to_call(
    case_id: uuid.UUID,
    session: SessionDep,
    principal: CaseReader,
    on: Annotated[IsoDate | None, Query(description="Defaults to today")] = None,
) -> ContactOut:
    """Who to call about this case on a day: the allocated worker, or the colleague covering for them."""
    case = await load_case(session, case_id)
    await require_case_in_scope(session, principal, case)
    day = on or date.today()
    contact = await commands.contact_on(session, case, day)
    allocated = await _worker_ref(session, contact.allocation.worker_id if contact.allocation else None)
    reachable = await _worker_ref(session, contact.worker_id)
    await audit(session, principal, "read", f"case/{case.id}/contact", case.child_id)
    await session.commit()
    return ContactOut(
        case_id=case.id,
        on=day,
        pod_id=contact.allocation.pod_id if contact.allocation else None,
        allocated_worker=allocated,
        contact=reachable,
        cover=cover_out(contact.cover) if contact.cover else None,
        summary=_summary(allocated, reachable, contact.cover),
    )


async def _worker_ref(session: AsyncSession, worker_id: uuid.UUID | None) -> WorkerRef | None:
    worker = await session.get(Worker, worker_id) if worker_id else None
    return WorkerRef(id=worker.id, name=worker.name) if worker else None


def _summary(allocated: WorkerRef | None, reachable: WorkerRef | None, cover: Cover | None) -> str:
    if allocated is None or reachable is None:
        return "no allocated worker that day: call the pod"
    if cover is None:
        return f"call {allocated.name}"
    until = f" until {cover.end_date}" if cover.end_date else ""
    return f"call {reachable.name}, covering for {allocated.name} ({cover.reason}){until}"
