"""The automatic chronology: each relevant fact of another service becomes a read-only entry of the child's story,
so nobody types it. One fact makes one entry, on a row named by the fact's own ids (rules/chronology.entry_id);
cover, which allocation records against workers rather than children, is paired with children in holders.py."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from services.records.handlers import subscriptions
from services.records.models import ChronologyEntry, KnownCover, KnownStatus
from services.records.rules.chronology import KINDS, entry_id
from shared.events.allocation import (
    AllocationCorrected,
    AllocationEnded,
    CaseAllocated,
    CaseClosed,
    CaseOpened,
    CaseStatusEnded,
    CaseStatusStarted,
    CaseTransferred,
    CourtProceedingsEnded,
    CourtProceedingsStarted,
)
from shared.events.base import Event
from shared.events.supervision import SupervisionDecisionRecorded
from shared.messaging.subscriptions import EventContext
from shared.runtime.projection import merge
from shared.runtime.unit_of_work import UnitOfWork


def in_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def write(
    uow: UnitOfWork,
    context: EventContext,
    kind: str,
    row_id: uuid.UUID,
    *,
    child_id: uuid.UUID,
    case_id: uuid.UUID | None,
    occurred_on: date,
    facts: dict[str, Any],
    entry_type: str = "system",
    **text: str,
) -> None:
    merge(
        uow,
        ChronologyEntry,
        id=row_id,
        child_id=child_id,
        case_id=case_id,
        kind=kind,
        entry_type=entry_type,
        occurred_on=occurred_on,
        recorded_at=in_utc(context.envelope.time),
        significant=KINDS[kind],
        facts=facts,
        **text,
    )


def facts_of(event: Event, *fields: str) -> dict[str, Any]:
    dumped = event.model_dump(mode="json")
    return {name: dumped[name] for name in fields}


@subscriptions.on(CaseOpened)
async def case_opened(uow: UnitOfWork, event: CaseOpened, context: EventContext) -> None:
    write(
        uow,
        context,
        "case_opened",
        entry_id("case_opened", event.case_id),
        child_id=event.child_id,
        case_id=event.case_id,
        occurred_on=event.referral_date,
        facts=facts_of(event, "source"),
    )


@subscriptions.on(CaseClosed)
async def case_closed(uow: UnitOfWork, event: CaseClosed, context: EventContext) -> None:
    write(
        uow,
        context,
        "case_closed",
        entry_id("case_closed", event.case_id),
        child_id=event.child_id,
        case_id=event.case_id,
        occurred_on=event.closed_on,
        facts=facts_of(event, "reason"),
    )


@subscriptions.on(CaseStatusStarted)
async def status_started(uow: UnitOfWork, event: CaseStatusStarted, context: EventContext) -> None:
    write(
        uow,
        context,
        "status_started",
        entry_id("status_started", event.status_id),
        child_id=event.child_id,
        case_id=event.case_id,
        occurred_on=event.start_date,
        facts=facts_of(event, "status_id", "kind", "cp_category", "legal_status"),
    )


@subscriptions.on(CaseStatusEnded)
async def status_ended(uow: UnitOfWork, event: CaseStatusEnded, context: EventContext) -> None:
    # The ending names only the period; what it was (CP, with its category...) comes from its start, which the
    # child's partition delivered first.
    await uow.flush()
    started = await uow.session.get(KnownStatus, event.status_id)
    facts: dict[str, Any] = {"status_id": str(event.status_id)}
    if started is not None:
        facts |= {"kind": started.kind, "cp_category": started.cp_category, "legal_status": started.legal_status}
    write(
        uow,
        context,
        "status_ended",
        entry_id("status_ended", event.status_id),
        child_id=event.child_id,
        case_id=event.case_id,
        occurred_on=event.end_date,
        facts=facts,
    )


@subscriptions.on(CourtProceedingsStarted)
async def court_started(uow: UnitOfWork, event: CourtProceedingsStarted, context: EventContext) -> None:
    write(
        uow,
        context,
        "court_proceedings_started",
        entry_id("court_proceedings_started", event.proceedings_id),
        child_id=event.child_id,
        case_id=event.case_id,
        occurred_on=event.start_date,
        facts=facts_of(event, "proceedings_id"),
    )


@subscriptions.on(CourtProceedingsEnded)
async def court_ended(uow: UnitOfWork, event: CourtProceedingsEnded, context: EventContext) -> None:
    write(
        uow,
        context,
        "court_proceedings_ended",
        entry_id("court_proceedings_ended", event.proceedings_id),
        child_id=event.child_id,
        case_id=event.case_id,
        occurred_on=event.end_date,
        facts=facts_of(event, "proceedings_id"),
    )


@subscriptions.on(CaseAllocated)
async def allocated(uow: UnitOfWork, event: CaseAllocated, context: EventContext) -> None:
    write(
        uow,
        context,
        "allocated",
        entry_id("allocated", event.allocation_id),
        child_id=event.child_id,
        case_id=event.case_id,
        occurred_on=event.start_date,
        facts=facts_of(event, "allocation_id", "pod_id", "worker_id", "reason"),
    )


@subscriptions.on(CaseTransferred)
async def transferred(uow: UnitOfWork, event: CaseTransferred, context: EventContext) -> None:
    write(
        uow,
        context,
        "transferred",
        entry_id("transferred", event.to_allocation_id),
        child_id=event.child_id,
        case_id=event.case_id,
        occurred_on=event.effective_date,
        facts=facts_of(event, "from_worker_id", "to_worker_id", "from_pod_id", "to_pod_id", "reason", "across_pods"),
    )


@subscriptions.on(AllocationEnded)
async def allocation_ended(uow: UnitOfWork, event: AllocationEnded, context: EventContext) -> None:
    write(
        uow,
        context,
        "allocation_ended",
        entry_id("allocation_ended", event.allocation_id),
        child_id=event.child_id,
        case_id=event.case_id,
        occurred_on=event.end_date,
        facts=facts_of(event, "allocation_id", "reason"),
    )


@subscriptions.on(AllocationCorrected)
async def allocation_corrected(uow: UnitOfWork, event: AllocationCorrected, context: EventContext) -> None:
    # An allocation can be corrected more than once: each correction is a fact of its own.
    write(
        uow,
        context,
        "allocation_corrected",
        entry_id("allocation_corrected", context.envelope.id),
        child_id=event.child_id,
        case_id=event.case_id,
        occurred_on=in_utc(context.envelope.time).date(),
        facts=facts_of(event, "allocation_id", "pod_id", "worker_id", "start_date", "end_date", "entered_in_error"),
    )


@subscriptions.on(SupervisionDecisionRecorded)
async def supervision_decision(uow: UnitOfWork, event: SupervisionDecisionRecorded, context: EventContext) -> None:
    write(
        uow,
        context,
        "supervision_decision",
        entry_id("supervision_decision", event.decision_id),
        child_id=event.child_id,
        case_id=event.case_id,
        occurred_on=event.decided_on,
        facts=facts_of(event, "decision_id", "session_id", "pod_id", "session_kind", "discussed_by"),
        entry_type="supervision_decision",
        decision=event.decision,
        rationale=event.rationale,
    )


def write_cover(uow: UnitOfWork, cover: KnownCover, child_id: uuid.UUID, case_id: uuid.UUID) -> None:
    """A cover reaching a child: when it started, and when it was ended by hand."""
    assert cover.start is not None
    facts = {
        "cover_id": str(cover.cover_id),
        "worker_id": str(cover.worker_id) if cover.worker_id else None,
        "covering_worker_id": str(cover.covering_worker_id) if cover.covering_worker_id else None,
        "end_date": str(end) if (end := cover.ended or cover.planned_end) else None,
        "reason": cover.reason,
    }
    rows = [("cover_started", cover.start)] + ([("cover_ended", cover.ended)] if cover.ended else [])
    for kind, day in rows:
        # Paired again whenever the batch touches the child: the row's time is the day's, so it never moves.
        merge(
            uow,
            ChronologyEntry,
            id=entry_id(kind, cover.cover_id, child_id),
            child_id=child_id,
            case_id=case_id,
            kind=kind,
            entry_type="system",
            occurred_on=day,
            recorded_at=datetime.combine(day, time(), UTC),
            significant=KINDS[kind],
            facts=facts,
        )
