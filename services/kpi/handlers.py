"""How the KPI read model follows allocation's facts. Every subscription is listed here."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from services.kpi.models import (
    AllocationRow,
    CaseRow,
    ChildRow,
    CourtRow,
    MembershipRow,
    PodRow,
    StatusRow,
    TopicFreshness,
    WorkerRow,
)
from services.kpi.projection import merge, merge_now, write_batch
from shared.events.allocation import (
    AllocationCorrected,
    AllocationEnded,
    CaseAllocated,
    CaseClosed,
    CaseOpened,
    CaseStatusEnded,
    CaseStatusStarted,
    CaseTransferred,
    CaseUnallocated,
    ChildFamilyChanged,
    ChildRegistered,
    CourtProceedingsEnded,
    CourtProceedingsStarted,
    PodCreated,
    PodRenamed,
    WorkerEmploymentChanged,
    WorkerJoinedPod,
    WorkerLeftPod,
    WorkerRegistered,
)
from shared.messaging.subscriptions import EventContext, Subscriptions
from shared.runtime.unit_of_work import UnitOfWork

subscriptions = Subscriptions()
# The batch's rows go out once, at its end, before the freshness they bring is recorded.
subscriptions.after_each_batch(write_batch)


@subscriptions.on(PodCreated)
async def add_pod(uow: UnitOfWork, event: PodCreated, _: EventContext) -> None:
    merge(uow, PodRow, pod_id=str(event.pod_id), name=event.name)


@subscriptions.on(PodRenamed)
async def rename_pod(uow: UnitOfWork, event: PodRenamed, _: EventContext) -> None:
    merge(uow, PodRow, pod_id=str(event.pod_id), name=event.name)


@subscriptions.on(WorkerRegistered)
async def add_worker(uow: UnitOfWork, event: WorkerRegistered, _: EventContext) -> None:
    merge(uow, WorkerRow, worker_id=str(event.worker_id), employment=event.employment)


@subscriptions.on(WorkerEmploymentChanged)
async def change_employment(uow: UnitOfWork, event: WorkerEmploymentChanged, _: EventContext) -> None:
    merge(uow, WorkerRow, worker_id=str(event.worker_id), employment=event.employment)


@subscriptions.on(WorkerJoinedPod)
async def start_membership(uow: UnitOfWork, event: WorkerJoinedPod, _: EventContext) -> None:
    merge(
        uow,
        MembershipRow,
        membership_id=str(event.membership_id),
        worker_id=str(event.worker_id),
        pod_id=str(event.pod_id),
        role=event.role,
        fte=event.fte,
        start=event.start_date,
    )


@subscriptions.on(WorkerLeftPod)
async def end_membership(uow: UnitOfWork, event: WorkerLeftPod, _: EventContext) -> None:
    merge(
        uow,
        MembershipRow,
        membership_id=str(event.membership_id),
        worker_id=str(event.worker_id),
        pod_id=str(event.pod_id),
        end=event.end_date,
    )


@subscriptions.on(ChildRegistered)
async def add_child(uow: UnitOfWork, event: ChildRegistered, _: EventContext) -> None:
    family_id = str(event.family_id) if event.family_id else None
    merge(
        uow,
        ChildRow,
        child_id=str(event.child_id),
        uasc=event.uasc,
        date_of_birth=event.date_of_birth,
        family_id=family_id,
    )


@subscriptions.on(ChildFamilyChanged)
async def change_family(uow: UnitOfWork, event: ChildFamilyChanged, _: EventContext) -> None:
    merge(uow, ChildRow, child_id=str(event.child_id), family_id=str(event.family_id))


@subscriptions.on(CourtProceedingsStarted)
async def start_proceedings(uow: UnitOfWork, event: CourtProceedingsStarted, _: EventContext) -> None:
    merge(
        uow,
        CourtRow,
        proceedings_id=str(event.proceedings_id),
        case_id=str(event.case_id),
        child_id=str(event.child_id),
        start=event.start_date,
    )


@subscriptions.on(CourtProceedingsEnded)
async def end_proceedings(uow: UnitOfWork, event: CourtProceedingsEnded, _: EventContext) -> None:
    merge(
        uow,
        CourtRow,
        proceedings_id=str(event.proceedings_id),
        case_id=str(event.case_id),
        child_id=str(event.child_id),
        end=event.end_date,
    )


@subscriptions.on(CaseOpened)
async def open_case(uow: UnitOfWork, event: CaseOpened, _: EventContext) -> None:
    merge(uow, CaseRow, case_id=str(event.case_id), child_id=str(event.child_id), start=event.referral_date)


@subscriptions.on(CaseClosed)
async def close_case(uow: UnitOfWork, event: CaseClosed, _: EventContext) -> None:
    merge(uow, CaseRow, case_id=str(event.case_id), child_id=str(event.child_id), end=event.closed_on)


@subscriptions.on(CaseStatusStarted)
async def start_status(uow: UnitOfWork, event: CaseStatusStarted, _: EventContext) -> None:
    merge(
        uow,
        StatusRow,
        status_id=str(event.status_id),
        case_id=str(event.case_id),
        child_id=str(event.child_id),
        kind=event.kind,
        start=event.start_date,
        legal_status=event.legal_status,
    )


@subscriptions.on(CaseStatusEnded)
async def end_status(uow: UnitOfWork, event: CaseStatusEnded, _: EventContext) -> None:
    merge(
        uow,
        StatusRow,
        status_id=str(event.status_id),
        case_id=str(event.case_id),
        child_id=str(event.child_id),
        end=event.end_date,
    )


@subscriptions.on(CaseAllocated)
async def start_episode(uow: UnitOfWork, event: CaseAllocated, _: EventContext) -> None:
    merge(
        uow,
        AllocationRow,
        allocation_id=str(event.allocation_id),
        case_id=str(event.case_id),
        child_id=str(event.child_id),
        pod_id=str(event.pod_id),
        worker_id=str(event.worker_id) if event.worker_id else None,
        start=event.start_date,
        reason=event.reason,
    )


@subscriptions.on(CaseTransferred)
async def hand_over_episode(uow: UnitOfWork, event: CaseTransferred, _: EventContext) -> None:
    case_id, child_id = str(event.case_id), str(event.child_id)
    merge(
        uow,
        AllocationRow,
        allocation_id=str(event.from_allocation_id),
        case_id=case_id,
        child_id=child_id,
        end=event.effective_date,
    )
    merge(
        uow,
        AllocationRow,
        allocation_id=str(event.to_allocation_id),
        case_id=case_id,
        child_id=child_id,
        pod_id=str(event.to_pod_id),
        worker_id=str(event.to_worker_id),
        start=event.effective_date,
        reason=event.reason,
    )


@subscriptions.on(AllocationEnded)
async def end_episode(uow: UnitOfWork, event: AllocationEnded, _: EventContext) -> None:
    merge(
        uow,
        AllocationRow,
        allocation_id=str(event.allocation_id),
        case_id=str(event.case_id),
        child_id=str(event.child_id),
        end=event.end_date,
    )


@subscriptions.on(CaseUnallocated)
async def end_episode_without_successor(uow: UnitOfWork, event: CaseUnallocated, _: EventContext) -> None:
    """The worker's episode ends; the case stays with its pod, awaiting a worker (no episode: nobody allocated)."""
    case_id, child_id = str(event.case_id), str(event.child_id)
    merge(
        uow,
        AllocationRow,
        allocation_id=str(event.allocation_id),
        case_id=case_id,
        child_id=child_id,
        end=event.end_date,
    )
    merge(
        uow,
        AllocationRow,
        allocation_id=str(event.awaiting_allocation_id),
        case_id=case_id,
        child_id=child_id,
        pod_id=str(event.pod_id),
        worker_id=None,
        start=event.end_date,
    )


@subscriptions.on(AllocationCorrected)
async def correct_episode(uow: UnitOfWork, event: AllocationCorrected, _: EventContext) -> None:
    # A correction may reopen an episode (end None) or clear its worker: those Nones must be written.
    await merge_now(
        uow,
        AllocationRow,
        allocation_id=str(event.allocation_id),
        case_id=str(event.case_id),
        child_id=str(event.child_id),
        pod_id=str(event.pod_id),
        worker_id=str(event.worker_id) if event.worker_id else None,
        start=event.start_date,
        end=event.end_date,
        entered_in_error=event.entered_in_error,
    )


@subscriptions.after_each_batch
async def record_freshness(uow: UnitOfWork, applied: list[EventContext]) -> None:
    by_topic: dict[str, list[EventContext]] = {}
    for context in applied:
        by_topic.setdefault(context.topic, []).append(context)
    now = datetime.now(UTC)
    # Always the same order, so two consumers' batches lock the freshness rows in the same order (no deadlock).
    for topic, contexts in sorted(by_topic.items()):
        latest = max(in_utc(context.envelope.time) for context in contexts)
        await add_to_freshness(
            uow,
            TopicFreshness.__table__,
            topic,
            last_event_time=latest,
            last_applied_at=now,
            events_applied=len(contexts),
        )


def in_utc(moment: datetime) -> datetime:
    """CloudEvents times may carry any offset, or none (read as UTC); SQLite keeps only the wall clock."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


async def add_to_freshness(uow: UnitOfWork, table: Any, topic: str, **values: Any) -> None:
    """Moves a topic's freshness forward (never back) and adds to its count of applied events."""
    dialect = sqlite if uow.session.get_bind().dialect.name == "sqlite" else postgresql
    statement = dialect.insert(table).values(topic=topic, **values)
    excluded = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=["topic"],
        set_={
            "last_event_time": sa.case(
                (excluded.last_event_time > table.c.last_event_time, excluded.last_event_time),
                else_=table.c.last_event_time,
            ),
            "last_applied_at": excluded.last_applied_at,
            "events_applied": table.c.events_applied + excluded.events_applied,
        },
    )
    await uow.session.execute(statement)
