"""Who may see and act on what: scope by role and pod, in one place."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, TypeVar

from fastapi import Depends, Header
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.commands.allocations import current_allocation, membership_on
from services.allocation.models import Allocation, Case, Child, CourtProceedings, StatusPeriod, platform
from shared.audit import Action, record_access
from shared.auth import Principal, Role, require_roles
from shared.auth.principal import POD_STAFF
from shared.problems import Forbidden, NotFound, PreconditionFailed

CASE_WORKERS = frozenset({*POD_STAFF, Role.pod_manager})
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
    """Staff see their pod's cases; a case awaiting a pod is visible to pod managers, who allocate it."""
    if principal.service_wide:
        return
    pod_id = await case_pod(case)
    if pod_id is None and principal.has_any({Role.pod_manager}):
        return
    if not principal.can_see_pod(pod_id):
        raise Forbidden("this case belongs to another pod")


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
