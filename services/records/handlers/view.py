"""Records' own view of allocation's facts: pods, memberships, children and families, cases, statuses, court
proceedings, allocations and cover. Upserts by the producer's ids, so a fact that arrives before the one it follows
(across topics) still lands in the right row; the inbox stops duplicates."""

from __future__ import annotations

from services.records.handlers import subscriptions
from services.records.models import (
    KnownAllocation,
    KnownCase,
    KnownChild,
    KnownCourtProceedings,
    KnownCover,
    KnownMembership,
    KnownPod,
    KnownStatus,
)
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
    CourtProceedingsEnded,
    CourtProceedingsStarted,
    CoverEnded,
    CoverStarted,
    PodCreated,
    WorkerJoinedPod,
    WorkerLeftPod,
)
from shared.messaging.subscriptions import EventContext
from shared.runtime.projection import merge, merge_now
from shared.runtime.unit_of_work import UnitOfWork


@subscriptions.on(PodCreated)
async def know_pod(uow: UnitOfWork, event: PodCreated, _: EventContext) -> None:
    merge(uow, KnownPod, pod_id=event.pod_id, name=event.name)


@subscriptions.on(WorkerJoinedPod)
async def start_membership(uow: UnitOfWork, event: WorkerJoinedPod, _: EventContext) -> None:
    merge(
        uow,
        KnownMembership,
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
        KnownMembership,
        membership_id=event.membership_id,
        worker_id=event.worker_id,
        pod_id=event.pod_id,
        end=event.end_date,
    )


@subscriptions.on(ChildRegistered)
async def know_child(uow: UnitOfWork, event: ChildRegistered, _: EventContext) -> None:
    merge(
        uow,
        KnownChild,
        child_id=event.child_id,
        la_child_id=event.la_child_id,
        date_of_birth=event.date_of_birth,
        sex=event.sex,
        uasc=event.uasc,
        # A child registered without a family is a family of their own, named by the child's id (as allocation).
        family_id=event.family_id or event.child_id,
    )


@subscriptions.on(ChildFamilyChanged)
async def change_family(uow: UnitOfWork, event: ChildFamilyChanged, _: EventContext) -> None:
    merge(uow, KnownChild, child_id=event.child_id, family_id=event.family_id)


@subscriptions.on(CaseOpened)
async def open_case(uow: UnitOfWork, event: CaseOpened, _: EventContext) -> None:
    merge(uow, KnownCase, case_id=event.case_id, child_id=event.child_id, referral_date=event.referral_date)


@subscriptions.on(CaseClosed)
async def close_case(uow: UnitOfWork, event: CaseClosed, _: EventContext) -> None:
    merge(
        uow,
        KnownCase,
        case_id=event.case_id,
        child_id=event.child_id,
        closed_on=event.closed_on,
        closure_reason=event.reason,
    )


@subscriptions.on(CaseStatusStarted)
async def start_status(uow: UnitOfWork, event: CaseStatusStarted, _: EventContext) -> None:
    merge(
        uow,
        KnownStatus,
        status_id=event.status_id,
        case_id=event.case_id,
        child_id=event.child_id,
        kind=event.kind,
        start=event.start_date,
        cp_category=event.cp_category,
        legal_status=event.legal_status,
    )


@subscriptions.on(CaseStatusEnded)
async def end_status(uow: UnitOfWork, event: CaseStatusEnded, _: EventContext) -> None:
    merge(
        uow, KnownStatus, status_id=event.status_id, case_id=event.case_id, child_id=event.child_id, end=event.end_date
    )


@subscriptions.on(CourtProceedingsStarted)
async def start_proceedings(uow: UnitOfWork, event: CourtProceedingsStarted, _: EventContext) -> None:
    merge(
        uow,
        KnownCourtProceedings,
        proceedings_id=event.proceedings_id,
        case_id=event.case_id,
        child_id=event.child_id,
        start=event.start_date,
    )


@subscriptions.on(CourtProceedingsEnded)
async def end_proceedings(uow: UnitOfWork, event: CourtProceedingsEnded, _: EventContext) -> None:
    merge(
        uow,
        KnownCourtProceedings,
        proceedings_id=event.proceedings_id,
        case_id=event.case_id,
        child_id=event.child_id,
        end=event.end_date,
    )


@subscriptions.on(CaseAllocated)
async def start_allocation(uow: UnitOfWork, event: CaseAllocated, _: EventContext) -> None:
    merge(
        uow,
        KnownAllocation,
        allocation_id=event.allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        pod_id=event.pod_id,
        worker_id=event.worker_id,
        start=event.start_date,
        entered_in_error=False,
    )


@subscriptions.on(CaseTransferred)
async def hand_over(uow: UnitOfWork, event: CaseTransferred, _: EventContext) -> None:
    merge(
        uow,
        KnownAllocation,
        allocation_id=event.from_allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        end=event.effective_date,
    )
    merge(
        uow,
        KnownAllocation,
        allocation_id=event.to_allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        pod_id=event.to_pod_id,
        worker_id=event.to_worker_id,
        start=event.effective_date,
        entered_in_error=False,
    )


@subscriptions.on(AllocationEnded)
async def end_allocation(uow: UnitOfWork, event: AllocationEnded, _: EventContext) -> None:
    merge(
        uow,
        KnownAllocation,
        allocation_id=event.allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        end=event.end_date,
    )


@subscriptions.on(AllocationCorrected)
async def correct_allocation(uow: UnitOfWork, event: AllocationCorrected, _: EventContext) -> None:
    # A correction may reopen a period (end None) or clear its worker: those Nones must be written.
    await merge_now(
        uow,
        KnownAllocation,
        allocation_id=event.allocation_id,
        case_id=event.case_id,
        child_id=event.child_id,
        pod_id=event.pod_id,
        worker_id=event.worker_id,
        start=event.start_date,
        end=event.end_date,
        entered_in_error=event.entered_in_error,
    )


@subscriptions.on(CoverStarted)
async def start_cover(uow: UnitOfWork, event: CoverStarted, _: EventContext) -> None:
    merge(
        uow,
        KnownCover,
        cover_id=event.cover_id,
        worker_id=event.worker_id,
        covering_worker_id=event.covering_worker_id,
        case_id=event.case_id,
        start=event.start_date,
        planned_end=event.end_date,
        reason=event.reason,
    )


@subscriptions.on(CoverEnded)
async def end_cover(uow: UnitOfWork, event: CoverEnded, _: EventContext) -> None:
    merge(uow, KnownCover, cover_id=event.cover_id, worker_id=event.worker_id, ended=event.end_date)
