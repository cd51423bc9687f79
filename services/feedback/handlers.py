"""How the feedback service keeps its view of allocation's facts (pods, workers, memberships, children and who
held each child's case): to check the ids a complaint or compliment names, to find the pod concerned, and to scope
who may see what. Every subscription is listed here."""

from __future__ import annotations

from services.feedback.models import AllocationView, ChildView, MembershipView, PodView, WorkerView
from shared.events.allocation import (
    AllocationCorrected,
    AllocationEnded,
    CaseAllocated,
    CaseTransferred,
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
    merge(uow, PodView, pod_id=event.pod_id, name=event.name)


@subscriptions.on(WorkerRegistered)
async def add_worker(uow: UnitOfWork, event: WorkerRegistered, _: EventContext) -> None:
    merge(uow, WorkerView, worker_id=event.worker_id, employment=event.employment)


@subscriptions.on(WorkerJoinedPod)
async def start_membership(uow: UnitOfWork, event: WorkerJoinedPod, _: EventContext) -> None:
    merge(
        uow,
        MembershipView,
        membership_id=event.membership_id,
        worker_id=event.worker_id,
        pod_id=event.pod_id,
        role=event.role,
        start=event.start_date,
    )


@subscriptions.on(WorkerLeftPod)
async def end_membership(uow: UnitOfWork, event: WorkerLeftPod, _: EventContext) -> None:
    merge(
        uow,
        MembershipView,
        membership_id=event.membership_id,
        worker_id=event.worker_id,
        pod_id=event.pod_id,
        end=event.end_date,
    )


@subscriptions.on(ChildRegistered)
async def add_child(uow: UnitOfWork, event: ChildRegistered, _: EventContext) -> None:
    merge(uow, ChildView, child_id=event.child_id, la_child_id=event.la_child_id)


@subscriptions.on(CaseAllocated)
async def start_allocation(uow: UnitOfWork, event: CaseAllocated, _: EventContext) -> None:
    merge(
        uow,
        AllocationView,
        allocation_id=event.allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        pod_id=event.pod_id,
        worker_id=event.worker_id,
        start=event.start_date,
    )


@subscriptions.on(CaseTransferred)
async def hand_over(uow: UnitOfWork, event: CaseTransferred, _: EventContext) -> None:
    merge(
        uow,
        AllocationView,
        allocation_id=event.from_allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        end=event.effective_date,
    )
    merge(
        uow,
        AllocationView,
        allocation_id=event.to_allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        pod_id=event.to_pod_id,
        worker_id=event.to_worker_id,
        start=event.effective_date,
    )


@subscriptions.on(AllocationEnded)
async def end_allocation(uow: UnitOfWork, event: AllocationEnded, _: EventContext) -> None:
    merge(
        uow,
        AllocationView,
        allocation_id=event.allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        end=event.end_date,
    )


@subscriptions.on(AllocationCorrected)
async def correct_allocation(uow: UnitOfWork, event: AllocationCorrected, _: EventContext) -> None:
    # A correction may reopen an allocation (end None) or clear its worker: those Nones must be written.
    await merge_now(
        uow,
        AllocationView,
        allocation_id=event.allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        pod_id=event.pod_id,
        worker_id=event.worker_id,
        start=event.start_date,
        end=event.end_date,
        entered_in_error=event.entered_in_error,
    )
