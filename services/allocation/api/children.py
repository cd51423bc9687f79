"""Children, registered once, and their cases (episodes of involvement)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response, status

from services.allocation.api.callers import CaseReader, Intake
from services.allocation.api.schemas import CaseIn, CaseOut, ChildIn, ChildOut, FamilyIn
from services.allocation.commands import children as commands
from services.allocation.models import Case, Child
from services.allocation.queries import children as queries
from services.allocation.queries import scope
from shared.runtime.http import Page, UnitOfWorkDep, etag, service_router

router = service_router(tags=["children and cases"])


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
async def register_child(body: ChildIn, uow: UnitOfWorkDep, principal: Intake, response: Response) -> ChildOut:
    """Register a child once, with the council's own child id. Front-door systems call this."""
    child = await commands.register_child(uow, **body.model_dump())
    uow.audit(principal, "write", "child", child.id)
    response.headers["Location"] = f"/allocation/v1/children/{child.id}"
    return child_out(child)


@router.get("/children", response_model=Page[ChildOut])
async def list_children(
    uow: UnitOfWorkDep,
    principal: CaseReader,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[uuid.UUID | None, Query()] = None,
    la_child_id: Annotated[str | None, Query(max_length=50)] = None,
    family_id: Annotated[uuid.UUID | None, Query(description="Only this family's children (siblings).")] = None,
    pod_id: Annotated[uuid.UUID | None, Query(description="Only the children this pod holds today.")] = None,
) -> Page[ChildOut]:
    """Children the caller may see: their pods' children (heads of service and council systems: all). `pod_id`
    narrows it to the children a pod holds today: a pod's board names its children in one call."""
    children, next_cursor = await queries.children(uow, principal, limit, cursor, la_child_id, family_id, pod_id)
    return Page[ChildOut](items=[child_out(c) for c in children], next_cursor=next_cursor)


@router.get("/children/{child_id}", response_model=ChildOut)
async def get_child(child_id: uuid.UUID, uow: UnitOfWorkDep, principal: CaseReader) -> ChildOut:
    """One child, if the caller may see one of the child's cases (see `GET /cases/{id}`)."""
    return child_out(await scope.child_for(uow, principal, child_id, "read"))


@router.put("/children/{child_id}/family", response_model=ChildOut)
async def change_family(child_id: uuid.UUID, body: FamilyIn, uow: UnitOfWorkDep, principal: Intake) -> ChildOut:
    """Siblings found after registration: the child joins a brother's or sister's family (their `family_id`),
    or, with `null`, gets a family of their own. Recalibration keeps a family's children with one worker."""
    child = await scope.child_for(uow, principal, child_id, "write", "/family")
    return child_out(await commands.change_family(uow, child, body.family_id))


@router.post(
    "/children/{child_id}/cases",
    status_code=status.HTTP_201_CREATED,
    response_model=CaseOut,
    responses={409: {"description": "The child already has an open case"}},
)
async def open_case(
    child_id: uuid.UUID, body: CaseIn, uow: UnitOfWorkDep, principal: Intake, response: Response
) -> CaseOut:
    """Open a case (an episode of involvement) on a referral date. A child never has two open cases. With the
    caller's own `pod_id` the pod takes the case at once (awaiting a worker); without, it awaits a pod and is seen
    by the managers of the pods that may take it (see `GET /cases/{id}`)."""
    if body.pod_id is not None:
        scope.require_pod_in_scope(principal, body.pod_id)
    child = await scope.known_child(uow, child_id)
    case = await commands.open_case(
        uow, child, referral_date=body.referral_date, source=body.source, pod_id=body.pod_id
    )
    uow.audit(principal, "write", f"case/{case.id}", child.id)
    await uow.flush()  # the case's version, for its ETag
    response.headers["Location"] = f"/allocation/v1/cases/{case.id}"
    response.headers["ETag"] = etag(case.version)
    return case_out(case)


@router.get("/children/{child_id}/cases", response_model=list[CaseOut])
async def list_cases_of_child(child_id: uuid.UUID, uow: UnitOfWorkDep, principal: CaseReader) -> list[CaseOut]:
    """The child's cases the caller may see (see `GET /cases/{id}`), oldest first."""
    child = await scope.child_for(uow, principal, child_id, "read", "/cases")
    return [case_out(c) for c in await scope.visible_cases(uow, principal, await queries.cases_of(uow, child))]
