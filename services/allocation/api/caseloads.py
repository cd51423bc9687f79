from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Query

from services.allocation.api.access import AnyRole, audit, require_worker_in_scope
from services.allocation.api.schemas import CaseloadCase, CaseloadOut, IsoDate
from services.allocation.api.workers import load_worker
from services.allocation.commands.allocations import membership_on
from services.allocation.models import Child
from services.allocation.queries.caseloads import held_cases
from services.allocation.rules.caseload import capacity
from services.allocation.rules.codes import Role
from services.allocation.settings import Settings
from shared.auth.principal import Role as CallerRole
from shared.problems import Forbidden
from shared.runtime.dependencies import SessionDep

router = APIRouter(tags=["caseloads"])


@router.get(
    "/workers/{worker_id}/caseload",
    response_model=CaseloadOut,
    responses={403: {"description": "Neither your own caseload, nor a worker of a pod you manage"}},
)
async def get_caseload(
    worker_id: uuid.UUID,
    session: SessionDep,
    principal: AnyRole,
    settings: Settings,
    as_at: Annotated[IsoDate | None, Query(description="Defaults to today")] = None,
) -> CaseloadOut:
    """The worker's cases on the date with their open statuses, the count (each child one case, siblings
    included) and weighted points against capacity (role capacity times FTE). Workers read their own
    (self-service), pod managers their pod's workers, heads of service everyone's."""
    day = as_at or date.today()
    worker = await load_worker(session, worker_id)
    if principal.worker_id != worker_id:
        if not principal.has_any({CallerRole.pod_manager, CallerRole.head_of_service, CallerRole.system}):
            raise Forbidden("you can read your own caseload; pod managers read their pod's", field="worker_id")
        await require_worker_in_scope(session, principal, worker_id, day)
    policy = settings.caseload_policy()
    held = await held_cases(session, day, policy, worker_ids=[worker.id])
    children = {
        child.id: child
        for child in await session.scalars(sa.select(Child).where(Child.id.in_([case.child_id for case in held])))
    }
    membership = await membership_on(session, worker.id, day)
    room = capacity(Role(membership.role), membership.fte, policy) if membership else 0.0
    points = round(sum(case.points for case in held), 4)
    await audit(session, principal, "read", f"worker/{worker.id}/caseload", *children)
    await session.commit()
    return CaseloadOut(
        worker_id=worker.id,
        as_at=day,
        pod_id=membership.pod_id if membership else None,
        role=membership.role if membership else None,
        fte=membership.fte if membership else None,
        count=len(held),
        points=points,
        capacity=room,
        used=round(points / room, 4) if room > 0 else None,
        weights=dict(policy.weights),
        cases=[
            CaseloadCase(
                case_id=case.case_id,
                child_id=case.child_id,
                la_child_id=children[case.child_id].la_child_id,
                child_name=f"{children[case.child_id].given_name} {children[case.child_id].family_name}",
                pod_id=case.pod_id,
                allocated_since=case.allocated_since,
                status_kinds=list(case.status_kinds),
                in_court=case.in_court,
                family_id=case.family_id,
                points=case.points,
            )
            for case in held
        ],
    )
