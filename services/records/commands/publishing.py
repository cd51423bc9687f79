"""The facts a completed entry publishes, one per child it covers: ids, dates, codes and counts, never its words.
Each says who held the child on the day it happened, and who wrote it, so recording time can be counted per pod."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import sqlalchemy as sa

from services.records.models import Appendment, Entry, EntrySubject, KnownCase, SummaryCadence
from services.records.queries import view
from services.records.rules.entries import seconds_between
from services.records.rules.holding import held_on
from services.records.rules.summaries import due_before
from services.records.settings import RecordsSettings
from shared.events.records import (
    CaseSummaryRecorded,
    EntryAppended,
    EntryEnteredInError,
    StoryEntryCompleted,
    VisitRecorded,
)
from shared.runtime.unit_of_work import UnitOfWork


async def publish_completion(uow: UnitOfWork, entry: Entry, settings: RecordsSettings) -> None:
    assert entry.completed_at is not None
    children = entry.children()
    child_ids = [s.subject_id for s in children]
    periods = await view.periods_of(uow, child_ids)
    statuses = await view.statuses_of(uow, child_ids) if entry.entry_type == "visit" else {}
    for subject in children:
        held = held_on(periods.get(subject.subject_id, []), entry.occurred_on)
        where = {
            "entry_id": entry.id,
            "child_id": subject.subject_id,
            "case_id": subject.case_id,
            "pod_id": held.pod_id if held else None,
            "worker_id": held.worker_id if held else None,
            "recorded_by_worker_id": entry.author_worker_id,
            "recorded_by_pod_id": entry.author_pod_id,
        }
        uow.publish(
            StoryEntryCompleted.model_validate(
                {
                    **where,
                    "entry_type": entry.entry_type,
                    "occurred_on": entry.occurred_on,
                    "significant": entry.significant,
                    "draft_started_at": entry.draft_started_at,
                    "completed_at": entry.completed_at,
                    "seconds_to_complete": seconds_between(entry.draft_started_at, entry.completed_at),
                    "characters": entry.characters,
                    "children": len(children),
                }
            )
        )
        if entry.entry_type == "visit":
            open_kinds = sorted({s.kind for s in statuses.get(subject.subject_id, []) if s.open_on(entry.occurred_on)})
            uow.publish(_visit(entry, subject, where, open_kinds))
        if entry.entry_type == "case_summary":
            uow.publish(await _summary(uow, entry, where, settings))


def _visit(entry: Entry, subject: EntrySubject, where: Mapping[str, object], open_kinds: list[str]) -> VisitRecorded:
    return VisitRecorded.model_validate(
        {
            **where,
            "visit_kind": entry.visit_kind,
            "serves_status": entry.serves_status,
            "statuses_open": open_kinds,
            "occurred_on": entry.occurred_on,
            "seen": bool(subject.seen),
            "seen_alone": bool(subject.seen_alone),
            "completed_at": entry.completed_at,
        }
    )


async def _summary(
    uow: UnitOfWork, entry: Entry, where: Mapping[str, object], settings: RecordsSettings
) -> CaseSummaryRecorded:
    assert entry.case_id is not None
    weeks = await cadence_weeks(uow, entry.case_id, settings)
    case = await uow.session.get(KnownCase, entry.case_id)
    previous = await last_summary_on(uow, entry.case_id, before=entry)
    due_on = due_before(case.referral_date if case else None, previous, weeks) or entry.occurred_on
    return CaseSummaryRecorded.model_validate(
        {
            **where,
            "occurred_on": entry.occurred_on,
            "completed_at": entry.completed_at,
            "cadence_weeks": weeks,
            "due_on": due_on,
            "on_time": entry.occurred_on <= due_on,
        }
    )


async def cadence_weeks(uow: UnitOfWork, case_id: object, settings: RecordsSettings) -> int:
    cadence = await uow.session.get(SummaryCadence, case_id)
    return cadence.weeks if cadence else settings.summary_cadence_weeks


async def last_summary_on(uow: UnitOfWork, case_id: object, *, before: Entry | None = None) -> date | None:
    """The date of the case's latest completed summary (not entered in error), before `before` if given."""
    query = sa.select(sa.func.max(Entry.occurred_on)).where(
        Entry.case_id == case_id,
        Entry.entry_type == "case_summary",
        Entry.status == "complete",
        Entry.entered_in_error_at.is_(None),
    )
    if before is not None:
        query = query.where(Entry.id != before.id, Entry.occurred_on <= before.occurred_on)
    # Commands look things up without autoflush (commands/entries.py): summaries written earlier in this unit of
    # work count too.
    await uow.session.flush()
    found: date | None = await uow.session.scalar(query)
    return found


def publish_appendment(uow: UnitOfWork, entry: Entry, appendment: Appendment) -> None:
    for subject in entry.children():
        uow.publish(
            EntryAppended.model_validate(
                {
                    "appendment_id": appendment.id,
                    "entry_id": entry.id,
                    "child_id": subject.subject_id,
                    "entry_type": entry.entry_type,
                    "appended_at": appendment.appended_at,
                    "characters": len(appendment.text),
                    "recorded_by_worker_id": appendment.author_worker_id,
                }
            )
        )


def publish_entered_in_error(uow: UnitOfWork, entry: Entry) -> None:
    for subject in entry.children():
        uow.publish(
            EntryEnteredInError.model_validate(
                {
                    "entry_id": entry.id,
                    "child_id": subject.subject_id,
                    "entry_type": entry.entry_type,
                    "occurred_on": entry.occurred_on,
                    "marked_at": entry.entered_in_error_at,
                }
            )
        )
