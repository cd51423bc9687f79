"""Who may see and act on what: scope by role and pod, in one place."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, TypeVar

import sqlalchemy as sa
from fastapi import Depends, Header
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.commands.allocations import current_allocation, membership_on
from services.allocation.models import Allocation, Case, Child, CourtProceedings, StatusPeriod, platform
from services.allocation.settings import allocation_settings
from shared.audit import Action, record_access
from shared.auth import Principal, Role, require_roles
from shared.auth.principal import POD_STAFF
from shared.problems import Forbidden, NotFound, PreconditionFailed

CASE_WORKERS = frozenset({*POD_STAFF, Role.pod_manager})
AnyRole = Annotated[Principal, Depends(require_roles(*Role))]
"""Pods, workers and memberships are read by every role; a token without roles reads nothing."""
HeadOfService = Annotated[Principal, Depends(require_roles(Role.head_of_service))]
Manager = Annotated[Principal, Depends(require_roles(Role.pod_manager, Role.head_of_service))]
Intake = Annotated[
    Principal,
    Depends(require_roles(Role.system, Role.head_of_service, Role.pod_manager, Role.business_support)),
]
Staffing = Annotated[Principal, Depends(require_roles(Role.system, Role.head_of_service, Role.pod_manager))]
CaseReader = Annotated[Principal, Depends(require_roles(*CASE_WORKERS, Role.head_of_service, Role.system))]
CaseWriter = Annotated[Principal, Depends(require_roles(*CASE_WORKERS, Role.head_of_service))]
Auditor = Annotated[Principal, Depends(require_roles(Role.auditor))]
CoverArranger = Annotated[
    Principal, Depends(require_roles(Role.senior_social_worker, Role.pod_manager, Role.head_of_service))
]
Exporter = Annotated[Principal, Depends(require_roles(Role.performance_analyst, Role.head_of_service))]


async def case_pod(case: Case) -> uuid.UUID | None:
    allocation = await current_allocation(case)
    return allocation.pod_id if allocation else None


async def require_case_in_scope(session: AsyncSession, principal: Principal, case: Case) -> None:
    """Who may see and act on a case, and so on its child (each route also asks for its roles):

    - heads of service and council systems: every case;
    - the staff and managers of the pod holding the case; once the case is closed (or its allocation ended),
      of its last pod, the pod of its most recent allocation not entered in error;
    - a case never allocated ("awaiting a pod"): the pod managers of the pods that may take it, namely the pods
      that held the child's earlier cases, the pods holding a sibling's case, and the duty pods
      (`CONTINUUM_ALLOCATION_DUTY_POD_IDS`). A referral opened with the caller's own `pod_id` is allocated to that
      pod at once, so it never awaits a pod.
    """
    if not await case_in_scope(session, principal, case):
        raise Forbidden("this case belongs to another pod")


async def case_in_scope(session: AsyncSession, principal: Principal, case: Case) -> bool:
    if principal.service_wide:
        return True
    pod_id = await last_pod(case)
    if pod_id is not None:
        return principal.can_see_pod(pod_id)
    return principal.has_any({Role.pod_manager}) and bool(principal.pods & await pods_that_may_take(session, case))


async def last_pod(case: Case) -> uuid.UUID | None:
    """The pod holding the case, else the pod of its most recent allocation not entered in error, else None."""
    allocations = [a for a in await case.awaitable_attrs.allocations if not a.entered_in_error]
    current = next((a for a in allocations if a.end_date is None), None)
    last = current or max(allocations, key=lambda a: (a.start_date, a.recorded_at), default=None)
    return last.pod_id if last else None


async def pods_that_may_take(session: AsyncSession, case: Case) -> set[uuid.UUID]:
    family = sa.select(Child.family_id).where(Child.id == case.child_id).scalar_subquery()
    linked = (
        sa.select(Allocation.pod_id)
        .join(Case, Case.id == Allocation.case_id)
        .join(Child, Child.id == Case.child_id)
        .where(
            Child.family_id == family,
            Case.id != case.id,
            Allocation.entered_in_error.is_(False),
            sa.or_(Case.child_id == case.child_id, Allocation.end_date.is_(None)),
        )
    )
    return set((await session.scalars(linked)).all()) | set(allocation_settings().duty_pod_ids)


async def require_child_in_scope(session: AsyncSession, principal: Principal, child: Child) -> None:
    """A child is seen by whoever may see one of the child's cases."""
    if principal.service_wide:
        return
    for case in await child.awaitable_attrs.cases:
        if await case_in_scope(session, principal, case):
            return
    raise Forbidden("this child's case belongs to another pod")


async def require_worker_in_scope(session: AsyncSession, principal: Principal, worker_id: uuid.UUID, day: date) -> None:
    """Pod managers and staff act on the workers of their own pods (on the day in question)."""
    if principal.service_wide:
        return
    membership = await membership_on(session, worker_id, day)
    if membership is None or not principal.can_see_pod(membership.pod_id):
        raise Forbidden("this worker is not in one of your pods", field="worker_id")


def require_pod_in_scope(principal: Principal, pod_id: uuid.UUID) -> None:
    if not principal.can_see_pod(pod_id):
        raise Forbidden("you can act only on your own pod", field="pod_id")


async def load_case(session: AsyncSession, case_id: uuid.UUID) -> Case:
    case = await session.get(Case, case_id)
    if case is None:
        raise NotFound(f"no case {case_id}", field="case_id")
    return case


OfCase = TypeVar("OfCase", Allocation, StatusPeriod, CourtProceedings)


async def load_of_case(session: AsyncSession, model: type[OfCase], row_id: uuid.UUID, case: Case, field: str) -> OfCase:
    """A period recorded on this case (an allocation, a status, court proceedings), else 404 naming the field."""
    row = await session.get(model, row_id)
    if row is None or row.case_id != case.id:
        raise NotFound(f"no {field.removesuffix('_id')} {row_id} on this case", field=field)
    return row


async def load_child(session: AsyncSession, child_id: uuid.UUID) -> Child:
    child = await session.get(Child, child_id)
    if child is None:
        raise NotFound(f"no child {child_id}", field="child_id")
    return child


def etag(version: int) -> str:
    return f'"{version}"'


def check_if_match(if_match: str | None, version: int) -> None:
    if if_match is not None and if_match.strip() not in (etag(version), f"W/{etag(version)}", "*"):
        raise PreconditionFailed(
            f"the case has changed (now {etag(version)}); fetch it again and retry", field="If-Match"
        )


IfMatch = Annotated[str | None, Header(alias="If-Match", description="The case's ETag, from GET /cases/{id}.")]


async def audit(
    session: AsyncSession, principal: Principal, action: Action, resource: str, *child_ids: uuid.UUID
) -> None:
    await record_access(session, platform, principal, action, resource, list(child_ids) or None)
