"""How the KPI read model follows allocation's facts. Every subscription is listed here."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from services.kpi.models import (
    ActionRow,
    AllocationRow,
    AuditRow,
    CaseRow,
    CaseSummaryRow,
    ChildRow,
    ComplaintStageRow,
    ComplimentRow,
    ComplimentWorkerRow,
    CourtRow,
    DiscussionRow,
    MembershipRow,
    PodRow,
    QuestionnaireAnswerRow,
    ScalingRow,
    StatusRow,
    StoryEntryRow,
    TopicFreshness,
    VisitRow,
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
from shared.events.feedback import (
    ComplaintEscalated,
    ComplaintReceived,
    ComplaintStageResponded,
    ComplimentReceived,
    QuestionnaireAnswered,
)
from shared.events.records import CaseSummaryRecorded, EntryEnteredInError, StoryEntryCompleted, VisitRecorded
from shared.events.supervision import (
    CaseAuditCompleted,
    ScalingScoreRecorded,
    SupervisionActionCancelled,
    SupervisionActionCompleted,
    SupervisionActionSet,
    SupervisionDecisionRecorded,
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


# Practice measures (kpi.md 4): records', supervision's and feedback's facts. Each row is upserted by the producer's
# id, so a fact arriving before the one it follows (a completion before its action was set, an entry marked in
# error before the entry itself arrives) still ends in the same row; a column not given is left as it was.


def _id(value: object | None) -> str | None:
    return str(value) if value is not None else None


@subscriptions.on(VisitRecorded)
async def add_visit(uow: UnitOfWork, event: VisitRecorded, _: EventContext) -> None:
    merge(
        uow,
        VisitRow,
        entry_id=str(event.entry_id),
        child_id=str(event.child_id),
        case_id=_id(event.case_id),
        pod_id=_id(event.pod_id),
        worker_id=_id(event.worker_id),
        visit_kind=event.visit_kind,
        serves_status=event.serves_status,
        occurred_on=event.occurred_on,
        seen=event.seen,
        seen_alone=event.seen_alone,
    )


@subscriptions.on(CaseSummaryRecorded)
async def add_case_summary(uow: UnitOfWork, event: CaseSummaryRecorded, _: EventContext) -> None:
    merge(
        uow,
        CaseSummaryRow,
        entry_id=str(event.entry_id),
        child_id=str(event.child_id),
        case_id=_id(event.case_id),
        pod_id=_id(event.pod_id),
        worker_id=_id(event.worker_id),
        occurred_on=event.occurred_on,
        due_on=event.due_on,
        cadence_weeks=event.cadence_weeks,
        on_time=event.on_time,
    )


@subscriptions.on(StoryEntryCompleted)
async def add_story_entry(uow: UnitOfWork, event: StoryEntryCompleted, _: EventContext) -> None:
    # One event per child the entry covers, all alike: the entry's id makes them one row.
    merge(
        uow,
        StoryEntryRow,
        entry_id=str(event.entry_id),
        entry_type=event.entry_type,
        occurred_on=event.occurred_on,
        completed_on=in_utc(event.completed_at).date(),
        recorded_by_pod_id=_id(event.recorded_by_pod_id),
        seconds_to_complete=event.seconds_to_complete,
        characters=event.characters,
    )


@subscriptions.on(EntryEnteredInError)
async def drop_entry(uow: UnitOfWork, event: EntryEnteredInError, _: EventContext) -> None:
    entry_id, child_id = str(event.entry_id), str(event.child_id)
    merge(uow, StoryEntryRow, entry_id=entry_id, entered_in_error=True)
    if event.entry_type == "visit":
        merge(uow, VisitRow, entry_id=entry_id, child_id=child_id, entered_in_error=True)
    elif event.entry_type == "case_summary":
        merge(uow, CaseSummaryRow, entry_id=entry_id, child_id=child_id, entered_in_error=True)


@subscriptions.on(SupervisionDecisionRecorded)
async def add_discussion(uow: UnitOfWork, event: SupervisionDecisionRecorded, _: EventContext) -> None:
    merge(
        uow,
        DiscussionRow,
        decision_id=str(event.decision_id),
        child_id=str(event.child_id),
        case_id=_id(event.case_id),
        pod_id=str(event.pod_id),
        worker_id=_id(event.worker_id),
        decided_on=event.decided_on,
        session_kind=event.session_kind,
    )


@subscriptions.on(SupervisionActionSet)
async def set_action(uow: UnitOfWork, event: SupervisionActionSet, _: EventContext) -> None:
    merge(
        uow,
        ActionRow,
        action_id=str(event.action_id),
        child_id=str(event.child_id),
        pod_id=str(event.pod_id),
        owner_id=str(event.owner_id),
        set_on=event.set_on,
        due_date=event.due_date,
    )


@subscriptions.on(SupervisionActionCompleted)
async def complete_action(uow: UnitOfWork, event: SupervisionActionCompleted, _: EventContext) -> None:
    merge(
        uow,
        ActionRow,
        action_id=str(event.action_id),
        child_id=str(event.child_id),
        pod_id=str(event.pod_id),
        due_date=event.due_date,
        completed_on=event.completed_on,
    )


@subscriptions.on(SupervisionActionCancelled)
async def cancel_action(uow: UnitOfWork, event: SupervisionActionCancelled, _: EventContext) -> None:
    merge(
        uow,
        ActionRow,
        action_id=str(event.action_id),
        child_id=str(event.child_id),
        pod_id=str(event.pod_id),
        due_date=event.due_date,
        cancelled_on=event.cancelled_on,
    )


@subscriptions.on(ScalingScoreRecorded)
async def add_scaling_score(uow: UnitOfWork, event: ScalingScoreRecorded, _: EventContext) -> None:
    merge(
        uow,
        ScalingRow,
        score_id=str(event.score_id),
        child_id=str(event.child_id),
        pod_id=str(event.pod_id),
        worker_id=_id(event.worker_id),
        scored_on=event.scored_on,
        voice=event.voice,
        question=event.question,
        score=event.score,
        previous_score=event.previous_score,
    )


@subscriptions.on(CaseAuditCompleted)
async def add_case_audit(uow: UnitOfWork, event: CaseAuditCompleted, _: EventContext) -> None:
    merge(
        uow,
        AuditRow,
        audit_id=str(event.audit_id),
        child_id=str(event.child_id),
        pod_id=str(event.pod_id),
        quarter=event.quarter,
        audited_on=event.audited_on,
        overall_grade=event.overall_grade,
        grades=json.dumps(dict(sorted(event.grades.items()))),
        themes=json.dumps(sorted(event.themes)),
    )


@subscriptions.on(ComplaintReceived)
async def receive_complaint(uow: UnitOfWork, event: ComplaintReceived, _: EventContext) -> None:
    merge(
        uow,
        ComplaintStageRow,
        complaint_id=str(event.complaint_id),
        stage=event.stage,
        procedure=event.procedure,
        started_on=event.received_on,
        due_on=event.response_due_on,
        pod_id=_id(event.pod_id),
        worker_id=_id(event.worker_id),
    )


@subscriptions.on(ComplaintEscalated)
async def escalate_complaint(uow: UnitOfWork, event: ComplaintEscalated, _: EventContext) -> None:
    if event.to_stage is None:
        return  # the Ombudsman's own process: no stage of the council's clock starts
    merge(
        uow,
        ComplaintStageRow,
        complaint_id=str(event.complaint_id),
        stage=event.to_stage,
        procedure=event.procedure,
        started_on=event.requested_on,
        due_on=event.response_due_on,
        pod_id=_id(event.pod_id),
        worker_id=_id(event.worker_id),
    )


@subscriptions.on(ComplaintStageResponded)
async def answer_complaint(uow: UnitOfWork, event: ComplaintStageResponded, _: EventContext) -> None:
    merge(
        uow,
        ComplaintStageRow,
        complaint_id=str(event.complaint_id),
        stage=event.stage,
        procedure=event.procedure,
        started_on=event.started_on,
        due_on=event.due_on,
        responded_on=event.responded_on,
        in_time=event.in_time,
        extended=event.extended,
        pod_id=_id(event.pod_id),
        worker_id=_id(event.worker_id),
    )


@subscriptions.on(ComplimentReceived)
async def receive_compliment(uow: UnitOfWork, event: ComplimentReceived, _: EventContext) -> None:
    compliment_id = str(event.compliment_id)
    merge(
        uow,
        ComplimentRow,
        compliment_id=compliment_id,
        received_on=event.received_on,
        pod_id=_id(event.pod_id),
        from_relation=event.from_relation,
    )
    for worker_id in event.worker_ids:
        merge(
            uow,
            ComplimentWorkerRow,
            compliment_id=compliment_id,
            worker_id=str(worker_id),
            received_on=event.received_on,
        )


@subscriptions.on(QuestionnaireAnswered)
async def add_questionnaire_response(uow: UnitOfWork, event: QuestionnaireAnswered, context: EventContext) -> None:
    # A response has no id of its own (that would tie it to a person); the event's id stands for it.
    for answer in event.answers:
        merge(
            uow,
            QuestionnaireAnswerRow,
            response_id=str(context.envelope.id),
            item=answer.item,
            run_id=str(event.run_id),
            questionnaire_code=event.questionnaire_code,
            audience=event.audience,
            period_start=event.period_start,
            period_end=event.period_end,
            pod_id=_id(event.pod_id),
            kind=answer.kind,
            value=answer.value,
        )
