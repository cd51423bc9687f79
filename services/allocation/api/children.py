from __future__ import annotations

import uuid
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Query, Response, status

from services.allocation.api.access import (
    CaseReader,
    Intake,
    audit,
    case_in_scope,
    etag,
    load_child,
    require_child_in_scope,
    require_pod_in_scope,
)
from services.allocation.api.schemas import CaseIn, CaseOut, ChildIn, ChildOut, FamilyIn, Page
from services.allocation.commands import children as commands
from services.allocation.models import Allocation, Case, Child
from shared.runtime.dependencies import SessionDep

router = APIRouter(tags=["children and cases"])


def child_out(child: Child) -> ChildOut:
    return ChildOut(
        id=child.id,
        la_child_id=child.la_child_id,
        given_name=child.given_name,
        family_name=child.family_name,
        date_of_birth=child.date_of_birth,
        sex=child.sex,
        uasc=child.uasc,
        family_id=child.family_id,
    )


def case_out(case: Case) -> CaseOut:
    return CaseOut(
        id=case.id,
        child_id=case.child_id,
        referral_date=case.referral_date,
        source=case.source,
        closed_on=case.closed_on,
        closure_reason=case.closure_reason,
        version=case.version,
    )


@router.post(
    "/children",
    status_code=status.HTTP_201_CREATED,
    response_model=ChildOut,
    responses={409: {"description": "The la_child_id is already registered"}},
)
async def register_child(body: ChildIn, session: SessionDep, principal: Intake, response: Response) -> ChildOut:
    """Register a child once, with the council's own child id. Front-door systems call this."""
    child = await commands.register_child(session, **body.model_dump())
    await audit(session, principal, "write", "child", child.id)
    await session.commit()
    response.headers["Location"] = f"/allocation/v1/children/{child.id}"
    return child_out(child)


@router.get("/children", response_model=Page[ChildOut])
async def list_children(
    session: SessionDep,
    principal: CaseReader,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[uuid.UUID | None, Query()] = None,
    la_child_id: Annotated[str | None, Query(max_length=50)] = None,
    family_id: Annotated[uuid.UUID | None, Query(description="Only this family's children (siblings).")] = None,
) -> Page[ChildOut]:
    """Children the caller may see: their pods' children (heads of service and council systems: all)."""
    query = sa.select(Child).order_by(Child.id).limit(limit + 1)
    if cursor is not None:
        query = query.where(Child.id > cursor)
    if la_child_id is not None:
        query = query.where(Child.la_child_id == la_child_id)
    if family_id is not None:
        query = query.where(Child.family_id == family_id)
    if not principal.service_wide:
        in_pods = (
            sa.select(Case.child_id)
            .join(Allocation, Allocation.case_id == Case.id)
            .where(
                Allocation.end_date.is_(None),
                Allocation.entered_in_error.is_(False),
                Allocation.pod_id.in_(principal.pods),
            )
        )
        query = query.where(Child.id.in_(in_pods))
    children = list((await session.scalars(query)).all())
    page = children[:limit]
    await audit(session, principal, "read", "children", *(c.id for c in page))
    await session.commit()
    next_cursor = str(children[limit - 1].id) if len(children) > limit else None
    return Page[ChildOut](items=[child_out(c) for c in page], next_cursor=next_cursor)


@router.get("/children/{child_id}", response_model=ChildOut)
async def get_child(child_id: uuid.UUID, session: SessionDep, principal: CaseReader) -> ChildOut:
    """One child, if the caller may see one of the child's cases (see `GET /cases/{id}`)."""
    child = await load_child(session, child_id)
    await require_child_in_scope(session, principal, child)
    await audit(session, principal, "read", "child", child.id)
    await session.commit()
    return child_out(child)


@router.put("/children/{child_id}/family", response_model=ChildOut)
async def change_family(child_id: uuid.UUID, body: FamilyIn, session: SessionDep, principal: Intake) -> ChildOut:
    """Siblings found after registration: the child joins a brother's or sister's family (their `family_id`),
    or, with `null`, gets a family of their own. Recalibration keeps a family's children with one worker."""
    child = await load_child(session, child_id)
    await require_child_in_scope(session, principal, child)
    await commands.change_family(session, child, body.family_id)
    await audit(session, principal, "write", "child/family", child.id)
    await session.commit()
    return child_out(child)


@router.post(
    "/children/{child_id}/cases",
    status_code=status.HTTP_201_CREATED,
    response_model=CaseOut,
    responses={409: {"description": "The child already has an open case"}},
)
async def open_case(
    child_id: uuid.UUID, body: CaseIn, session: SessionDep, principal: Intake, response: Response
) -> CaseOut:
    """Open a case (an episode of involvement) on a referral date. A child never has two open cases. With the
    caller's own `pod_id` the pod takes the case at once (awaiting a worker); without, it awaits a pod and is seen
    by the managers of the pods that may take it (see `GET /cases/{id}`)."""
    if body.pod_id is not None:
        require_pod_in_scope(principal, body.pod_id)
    child = await load_child(session, child_id)
    case = await commands.open_case(
        session, child, referral_date=body.referral_date, source=body.source, pod_id=body.pod_id
    )
    await audit(session, principal, "write", f"case/{case.id}", child.id)
    await session.commit()
    response.headers["Location"] = f"/allocation/v1/cases/{case.id}"
    response.headers["ETag"] = etag(case.version)
    return case_out(case)


@router.get("/children/{child_id}/cases", response_model=list[CaseOut])
async def list_cases_of_child(child_id: uuid.UUID, session: SessionDep, principal: CaseReader) -> list[CaseOut]:
    """The child's cases the caller may see (see `GET /cases/{id}`), oldest first."""
    await get_child(child_id, session, principal)
    cases = await session.scalars(sa.select(Case).where(Case.child_id == child_id).order_by(Case.referral_date))
    return [case_out(case) for case in cases.all() if await case_in_scope(session, principal, case)]
