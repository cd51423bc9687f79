"""Who may see and act on what, in one place: a route asks here for the case, child, worker or plan it acts on,
and gets it only if the caller's role and pods allow; the read or write is written to the audit trail.

Scope follows the pod that holds the case: its current allocation, or for a closed case the pod of its last one.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TypeVar

import sqlalchemy as sa

from services.allocation.commands.allocations import current_allocation, membership_on
from services.allocation.models import (
    Allocation,
    Case,
    Child,
    CourtProceedings,
    Cover,
    Membership,
    Pod,
    RebalancingPlan,
    StatusPeriod,
    TransferRequest,
    Worker,
)
from services.allocation.settings import allocation_settings
from shared.auth import Principal, Role
from shared.problems import Forbidden, Invalid, NotFound
from shared.runtime.http import check_if_match
from shared.runtime.unit_of_work import AuditAction, UnitOfWork


async def case_pod(case: Case) -> uuid.UUID | None:
    allocation = await current_allocation(case)
    return allocation.pod_id if allocation else None


async def require_case_in_scope(uow: UnitOfWork, principal: Principal, case: Case) -> None:
    """Who may see and act on a case, and so on its child (each route also asks for its roles):

    - heads of service and council systems: every case;
    - the staff and managers of the pod holding the case; once the case is closed (or its allocation ended),
      of its last pod, the pod of its most recent allocation not entered in error;
    - a case never allocated ("awaiting a pod"): the pod managers of the pods that may take it, namely the pods
      that held the child's earlier cases, the pods holding a sibling's case, and the duty pods
      (`CONTINUUM_ALLOCATION_DUTY_POD_IDS`). A referral opened with the caller's own `pod_id` is allocated to that
      pod at once, so it never awaits a pod.
    """
    if not await case_in_scope(uow, principal, case):
        raise Forbidden("this case belongs to another pod")


async def case_in_scope(uow: UnitOfWork, principal: Principal, case: Case) -> bool:
    if principal.service_wide:
        return True
    pod_id = await last_pod(case)
    if pod_id is not None:
        return principal.can_see_pod(pod_id)
    return principal.has_any({Role.pod_manager}) and bool(principal.pods & await pods_that_may_take(uow, case))


async def last_pod(case: Case) -> uuid.UUID | None:
    """The pod holding the case, else the pod of its most recent allocation not entered in error, else None."""
    allocations = [a for a in await case.awaitable_attrs.allocations if not a.entered_in_error]
    current = next((a for a in allocations if a.end_date is None), None)
    last = current or max(allocations, key=lambda a: (a.start_date, a.recorded_at), default=None)
    return last.pod_id if last else None


async def pods_that_may_take(uow: UnitOfWork, case: Case) -> set[uuid.UUID]:
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
    return set((await uow.session.scalars(linked)).all()) | set(allocation_settings().duty_pod_ids)


async def visible_cases(uow: UnitOfWork, principal: Principal, cases: list[Case]) -> list[Case]:
    return [case for case in cases if await case_in_scope(uow, principal, case)]


async def case_for(
    uow: UnitOfWork,
    principal: Principal,
    case_id: uuid.UUID,
    action: AuditAction,
    resource: str,
    *,
    if_match: str | None = None,
) -> Case:
    """The case, if the caller may see it (and, given `If-Match`, if it is still that version); audited."""
    case = await uow.session.get(Case, case_id)
    if case is None:
        raise NotFound(f"no case {case_id}", field="case_id")
    check_if_match(if_match, case.version, what="the case")
    await require_case_in_scope(uow, principal, case)
    uow.audit(principal, action, f"case/{case.id}{resource}", case.child_id)
    return case


OfCase = TypeVar("OfCase", Allocation, StatusPeriod, CourtProceedings)


async def of_case(uow: UnitOfWork, model: type[OfCase], row_id: uuid.UUID, case: Case, field: str) -> OfCase:
    """A period recorded on this case (an allocation, a status, court proceedings), else 404 naming the field."""
    row = await uow.session.get(model, row_id)
    if row is None or row.case_id != case.id:
        raise NotFound(f"no {field.removesuffix('_id')} {row_id} on this case", field=field)
    return row


async def child_for(
    uow: UnitOfWork, principal: Principal, child_id: uuid.UUID, action: AuditAction, resource: str = ""
) -> Child:
    """The child, if the caller may see one of the child's cases; audited."""
    child = await uow.session.get(Child, child_id)
    if child is None:
        raise NotFound(f"no child {child_id}", field="child_id")
    if not principal.service_wide and not await visible_cases(uow, principal, await child.awaitable_attrs.cases):
        raise Forbidden("this child's case belongs to another pod")
    uow.audit(principal, action, f"child{resource}", child.id)
    return child


async def known_child(uow: UnitOfWork, child_id: uuid.UUID) -> Child:
    """A child to open a case for: anyone taking referrals may, whichever pod holds the child."""
    child = await uow.session.get(Child, child_id)
    if child is None:
        raise NotFound(f"no child {child_id}", field="child_id")
    return child


async def require_worker_in_scope(uow: UnitOfWork, principal: Principal, worker_id: uuid.UUID, day: date) -> None:
    """Pod managers and staff act on the workers of their own pods (on the day in question)."""
    if principal.service_wide:
        return
    membership = await membership_on(uow, worker_id, day)
    if membership is None or not principal.can_see_pod(membership.pod_id):
        raise Forbidden("this worker is not in one of your pods", field="worker_id")


async def require_rota_in_scope(
    uow: UnitOfWork, principal: Principal, day: date, pod_id: uuid.UUID | None, worker_id: uuid.UUID | None
) -> None:
    """Covers are listed for a pod the caller belongs to, or for a worker: themselves, or one of their pods'."""
    if pod_id is None and worker_id is None:
        raise Invalid("give a pod_id or a worker_id", field="pod_id")
    if pod_id is not None:
        require_pod_in_scope(principal, pod_id)
    if worker_id is not None and worker_id != principal.worker_id:
        await require_worker_in_scope(uow, principal, worker_id, day)


def require_pod_in_scope(principal: Principal, pod_id: uuid.UUID) -> None:
    if not principal.can_see_pod(pod_id):
        raise Forbidden("you can act only on your own pod", field="pod_id")


async def pod(uow: UnitOfWork, pod_id: uuid.UUID, *, if_match: str | None = None) -> Pod:
    found = await uow.session.get(Pod, pod_id)
    if found is None:
        raise NotFound(f"no pod {pod_id}", field="pod_id")
    check_if_match(if_match, found.version, what="the pod")
    return found


async def worker(uow: UnitOfWork, worker_id: uuid.UUID, *, if_match: str | None = None) -> Worker:
    found = await uow.session.get(Worker, worker_id)
    if found is None:
        raise NotFound(f"no worker {worker_id}", field="worker_id")
    check_if_match(if_match, found.version, what="the worker")
    return found


async def membership(
    uow: UnitOfWork, principal: Principal, worker_id: uuid.UUID, membership_id: uuid.UUID
) -> Membership:
    found = await uow.session.get(Membership, membership_id)
    if found is None or found.worker_id != worker_id:
        raise NotFound(f"no membership {membership_id} of worker {worker_id}", field="membership_id")
    require_pod_in_scope(principal, found.pod_id)
    return found


async def cover(uow: UnitOfWork, principal: Principal, cover_id: uuid.UUID, action: AuditAction) -> Cover:
    found = await uow.session.get(Cover, cover_id)
    if found is None:
        raise NotFound(f"no cover {cover_id}", field="cover_id")
    await require_worker_in_scope(uow, principal, found.worker_id, found.start_date)
    uow.audit(principal, action, f"cover/{found.id}")
    return found


async def plan(uow: UnitOfWork, principal: Principal, plan_id: uuid.UUID) -> RebalancingPlan:
    """A pod manager acts on their own pod's plans; a plan across pods is for a head of service."""
    found = await uow.session.get(RebalancingPlan, plan_id)
    if found is None:
        raise NotFound(f"no rebalancing plan {plan_id}", field="plan_id")
    if found.plan.get("across_pods") and not principal.service_wide:
        raise Forbidden("a plan across pods is for a head of service", field="plan_id")
    if found.pod_id is not None:
        require_pod_in_scope(principal, found.pod_id)
    return found


async def transfer_request(
    uow: UnitOfWork, principal: Principal, request_id: uuid.UUID, action: AuditAction
) -> tuple[TransferRequest, Case]:
    found = await uow.session.get(TransferRequest, request_id)
    if found is None:
        raise NotFound(f"no transfer request {request_id}", field="request_id")
    case = await case_for(uow, principal, found.case_id, action, f"/transfer-requests/{found.id}")
    return found, case


async def may_approve_transfers(principal: Principal, case: Case) -> bool:
    """A pod manager of the case's pod, or a head of service, decides a transfer that needs approval."""
    if principal.service_wide:
        return True
    return principal.has_any({Role.pod_manager}) and principal.can_see_pod(await case_pod(case))


async def transfer_request_to_decide(
    uow: UnitOfWork, principal: Principal, request_id: uuid.UUID
) -> tuple[TransferRequest, Case]:
    request, case = await transfer_request(uow, principal, request_id, "write")
    if not await may_approve_transfers(principal, case):
        raise Forbidden("only a pod manager of the case's pod can decide this transfer request")
    return request, case
