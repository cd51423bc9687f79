"""How the supervision service keeps its view of allocation's pods, workers, memberships, children, cases, statuses
and allocations. Every subscription is listed here. Each fact is upserted by the producer's ids (duplicates are stopped
by the inbox; a fact arriving before the one it follows still lands in the right row)."""

from __future__ import annotations

from services.supervision.models import Allocation, Case, Child, Membership, Pod, StatusPeriod, Worker
from shared.events.allocation import (
    AllocationCorrected,
    AllocationEnded,
    CaseAllocated,
    CaseClosed,
    CaseOpened,
    CaseStatusEnded,
    CaseStatusStarted,
    CaseTransferred,
    ChildFamilyChanged,
    ChildRegistered,
    PodCreated,
    WorkerJoinedPod,
    WorkerLeftPod,
    WorkerRegistered,
)
from shared.messaging.subscriptions import EventContext, Subscriptions
from shared.runtime.projection import merge, merge_now
from shared.runtime.unit_of_work import UnitOfWork

subscriptions = Subscriptions()


@subscriptions.on(PodCreated)
async def add_pod(uow: UnitOfWork, event: PodCreated, _: EventContext) -> None:
    merge(uow, Pod, pod_id=event.pod_id, name=event.name, created_on=event.created_on)


@subscriptions.on(WorkerRegistered)
async def add_worker(uow: UnitOfWork, event: WorkerRegistered, _: EventContext) -> None:
    merge(uow, Worker, worker_id=event.worker_id, registration_number=event.registration_number)


@subscriptions.on(WorkerJoinedPod)
async def start_membership(uow: UnitOfWork, event: WorkerJoinedPod, _: EventContext) -> None:
    merge(
        uow,
        Membership,
        membership_id=event.membership_id,
        worker_id=event.worker_id,
        pod_id=event.pod_id,
        role=event.role,
        start_date=event.start_date,
    )


@subscriptions.on(WorkerLeftPod)
async def end_membership(uow: UnitOfWork, event: WorkerLeftPod, _: EventContext) -> None:
    merge(
        uow,
        Membership,
        membership_id=event.membership_id,
        worker_id=event.worker_id,
        pod_id=event.pod_id,
        end_date=event.end_date,
    )


@subscriptions.on(ChildRegistered)
async def add_child(uow: UnitOfWork, event: ChildRegistered, _: EventContext) -> None:
    merge(uow, Child, child_id=event.child_id, la_child_id=event.la_child_id, family_id=event.family_id)


@subscriptions.on(ChildFamilyChanged)
async def change_family(uow: UnitOfWork, event: ChildFamilyChanged, _: EventContext) -> None:
    merge(uow, Child, child_id=event.child_id, family_id=event.family_id)


@subscriptions.on(CaseOpened)
async def open_case(uow: UnitOfWork, event: CaseOpened, _: EventContext) -> None:
    merge(uow, Case, case_id=event.case_id, child_id=event.child_id, referral_date=event.referral_date)


@subscriptions.on(CaseClosed)
async def close_case(uow: UnitOfWork, event: CaseClosed, _: EventContext) -> None:
    merge(uow, Case, case_id=event.case_id, child_id=event.child_id, closed_on=event.closed_on)


@subscriptions.on(CaseStatusStarted)
async def start_status(uow: UnitOfWork, event: CaseStatusStarted, _: EventContext) -> None:
    merge(
        uow,
        StatusPeriod,
        status_id=event.status_id,
        case_id=event.case_id,
        child_id=event.child_id,
        kind=event.kind,
        start_date=event.start_date,
    )


@subscriptions.on(CaseStatusEnded)
async def end_status(uow: UnitOfWork, event: CaseStatusEnded, _: EventContext) -> None:
    merge(
        uow,
        StatusPeriod,
        status_id=event.status_id,
        case_id=event.case_id,
        child_id=event.child_id,
        end_date=event.end_date,
    )


@subscriptions.on(CaseAllocated)
async def start_allocation(uow: UnitOfWork, event: CaseAllocated, _: EventContext) -> None:
    merge(
        uow,
        Allocation,
        allocation_id=event.allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        pod_id=event.pod_id,
        worker_id=event.worker_id,
        start_date=event.start_date,
    )


@subscriptions.on(CaseTransferred)
async def transfer_allocation(uow: UnitOfWork, event: CaseTransferred, _: EventContext) -> None:
    merge(
        uow,
        Allocation,
        allocation_id=event.from_allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        pod_id=event.from_pod_id,
        end_date=event.effective_date,
    )
    merge(
        uow,
        Allocation,
        allocation_id=event.to_allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        pod_id=event.to_pod_id,
        worker_id=event.to_worker_id,
        start_date=event.effective_date,
    )


@subscriptions.on(AllocationEnded)
async def end_allocation(uow: UnitOfWork, event: AllocationEnded, _: EventContext) -> None:
    merge(
        uow,
        Allocation,
        allocation_id=event.allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        end_date=event.end_date,
    )


@subscriptions.on(AllocationCorrected)
async def correct_allocation(uow: UnitOfWork, event: AllocationCorrected, _: EventContext) -> None:
    # A correction may reopen a period (end None) or clear its worker: those Nones must be written.
    await merge_now(
        uow,
        Allocation,
        allocation_id=event.allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        pod_id=event.pod_id,
        worker_id=event.worker_id,
        start_date=event.start_date,
        end_date=event.end_date,
        entered_in_error=event.entered_in_error,
    )
