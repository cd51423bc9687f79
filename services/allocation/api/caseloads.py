"""A worker's caseload: self-service for the worker, and for their pod manager."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Annotated

from fastapi import Query

from services.allocation.api.callers import Anyone
from services.allocation.api.schemas import CaseloadCase, CaseloadOut, IsoDate
from services.allocation.queries.caseloads import WorkerCaseload, worker_caseload
from services.allocation.settings import Settings
from shared.runtime.http import UnitOfWorkDep, service_router

router = service_router(tags=["caseloads"])


@router.get(
    "/workers/{worker_id}/caseload",
    response_model=CaseloadOut,
    responses={403: {"description": "Neither your own caseload, nor a worker of a pod you manage"}},
)
async def get_caseload(
    worker_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: Anyone,
    settings: Settings,
    as_at: Annotated[IsoDate | None, Query(description="Defaults to today")] = None,
) -> CaseloadOut:
    """The worker's cases on the date with their open statuses, the count (each child one case, siblings
    included) and weighted points against capacity (role capacity times FTE). Workers read their own
    (self-service), pod managers their pod's workers, heads of service everyone's."""
    policy = settings.caseload_policy()
    return caseload_out(await worker_caseload(uow, principal, worker_id, as_at or date.today(), policy), policy.weights)


def caseload_out(load: WorkerCaseload, weights: Mapping[str, float]) -> CaseloadOut:
    membership, children = load.membership, load.children
    return CaseloadOut(
        worker_id=load.worker_id,
        as_at=load.as_at,
        pod_id=membership.pod_id if membership else None,
        role=membership.role if membership else None,
        fte=membership.fte if membership else None,
        count=len(load.cases),
        points=load.points,
        capacity=load.capacity,
        used=round(load.points / load.capacity, 4) if load.capacity > 0 else None,
        weights=dict(weights),
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
            for case in load.cases
        ],
    )
