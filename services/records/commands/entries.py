"""A story entry's life: written as a draft (or completed at once), edited by its author while a draft, completed
(append-only from then on: appendments, never edits), and, when it was a mistake, marked entered in error with a
reason: hidden from the story, never deleted."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from services.records.commands import publishing
from services.records.commands.content import EntryContent
from services.records.commands.refusals import refuse_future
from services.records.commands.subjects import children_of, people_of, subject_rows
from services.records.models import Appendment, Entry, EntrySubject
from services.records.queries import view
from services.records.rules.entries import PURPOSE_REQUIRED, WRITTEN_BY_PEOPLE, characters
from services.records.settings import RecordsSettings
from shared.auth import Principal
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork

EARLIEST_DRAFT_START = timedelta(days=30)


async def write_entry(
    uow: UnitOfWork,
    principal: Principal,
    content: EntryContent,
    settings: RecordsSettings,
    *,
    complete: bool,
    started_at: datetime | None = None,
) -> Entry:
    """A new entry: a draft, or completed at once. `started_at` is when the author began typing, where the portal
    knows it (recording time is measured from it)."""
    now = datetime.now(UTC)
    if started_at is not None and not now - EARLIEST_DRAFT_START <= started_at <= now:
        raise Invalid("started_at is when typing began: within the last 30 days, not in the future", field="started_at")
    entry = Entry(
        id=uuid.uuid4(),
        status="draft",
        author=principal.subject,
        author_role=principal.role,
        author_worker_id=principal.worker_id,
        draft_started_at=started_at or now,
        recorded_at=now,
        updated_at=now,
        appended_text="",
        version=1,
    )
    entry.subjects, entry.appendments = [], []
    # The lookups read records' view of other services' facts, which no command writes, so nothing pending need be
    # flushed before them: the entry is inserted once, with its pod, when the unit of work flushes (a batch of
    # commands, as the demo writes, in one insert per table), not inserted and then updated.
    with uow.session.no_autoflush:
        await _write_content(uow, entry, content)
        uow.session.add(entry)
        if complete:
            await complete_entry(uow, entry, principal, settings)
    return entry


async def revise_draft(
    uow: UnitOfWork,
    entry: Entry,
    principal: Principal,
    content: EntryContent,
    settings: RecordsSettings,
    *,
    complete: bool,
) -> Entry:
    _refuse_unless_draft(entry)
    with uow.session.no_autoflush:
        await _write_content(uow, entry, content)
        entry.updated_at = datetime.now(UTC)
        if complete:
            await complete_entry(uow, entry, principal, settings)
    return entry


async def complete_entry(uow: UnitOfWork, entry: Entry, principal: Principal, settings: RecordsSettings) -> Entry:
    """From now on the entry is append-only; its facts are published for each child it covers."""
    _refuse_unless_draft(entry)
    _refuse_incomplete(entry)
    now = datetime.now(UTC)
    entry.status = "complete"
    entry.completed_at = entry.updated_at = now
    with uow.session.no_autoflush:
        entry.author_pod_id = await view.pod_of_worker(uow, principal.worker_id, now.date()) or (
            next(iter(principal.pods)) if len(principal.pods) == 1 else None
        )
        await publishing.publish_completion(uow, entry, settings)
    return entry


async def append(uow: UnitOfWork, entry: Entry, principal: Principal, text: str) -> Appendment:
    if entry.is_draft:
        raise Conflict("a draft is edited, not appended to: appendments are for completed entries", field="entry_id")
    _refuse_in_error(entry)
    if not text.strip():
        raise Invalid("an appendment says something", field="text")
    appendment = Appendment(
        id=uuid.uuid4(),
        entry_id=entry.id,
        author=principal.subject,
        author_role=principal.role,
        author_worker_id=principal.worker_id,
        appended_at=datetime.now(UTC),
        text=text,
    )
    uow.session.add(appendment)
    entry.appended_text = f"{entry.appended_text}\n{text}".strip()
    entry.updated_at = appendment.appended_at
    publishing.publish_appendment(uow, entry, appendment)
    return appendment


async def enter_in_error(uow: UnitOfWork, entry: Entry, principal: Principal, reason: str) -> Entry:
    """Hidden from the story from now on, still there for auditors; a completed entry's counts are withdrawn."""
    _refuse_in_error(entry)
    if not reason.strip():
        raise Invalid("say why the entry was entered in error", field="reason")
    entry.entered_in_error_at = entry.updated_at = datetime.now(UTC)
    entry.entered_in_error_by = principal.subject
    entry.entered_in_error_reason = reason
    if not entry.is_draft:
        publishing.publish_entered_in_error(uow, entry)
    return entry


async def _write_content(uow: UnitOfWork, entry: Entry, content: EntryContent) -> None:
    if content.entry_type not in WRITTEN_BY_PEOPLE:
        raise Invalid(f"people write {', '.join(WRITTEN_BY_PEOPLE)} entries", field="entry_type")
    refuse_future(content.occurred_on, "occurred_on")
    children = await children_of(uow, content)
    people = await people_of(uow, content)
    is_visit, is_summary = content.entry_type == "visit", content.entry_type == "case_summary"
    entry.entry_type = content.entry_type
    entry.occurred_on = content.occurred_on
    entry.title = content.title
    entry.text = content.text
    entry.purpose = content.purpose or None
    entry.significant = content.significant
    entry.family_id = content.family_id
    entry.case_id = content.case_id if is_summary else None
    entry.visit_kind = content.visit_kind if is_visit else None
    entry.serves_status = content.serves_status if is_visit else None
    entry.happened = content.happened if is_summary else None
    entry.analysis = content.analysis if is_summary else None
    entry.next_steps = content.next_steps if is_summary else None
    entry.characters = characters(entry.text, entry.happened, entry.analysis, entry.next_steps)
    _replace_subjects(entry, subject_rows(entry.id, entry.occurred_on, entry.recorded_at, children, people))


def _replace_subjects(entry: Entry, rows: list[EntrySubject]) -> None:
    """Rows kept by subject, so a draft edited keeps its rows (the same keys), drops those no longer named."""
    existing = {s.subject_id: s for s in entry.subjects}
    kept = []
    for row in rows:
        current = existing.pop(row.subject_id, None)
        if current is None:
            kept.append(row)
            continue
        for column in ("subject_kind", "position", "occurred_on", "case_id", "seen", "seen_alone"):
            setattr(current, column, getattr(row, column))
        current.not_seen_reason, current.not_seen_alone_reason = row.not_seen_reason, row.not_seen_alone_reason
        kept.append(current)
    entry.subjects = kept


def _refuse_unless_draft(entry: Entry) -> None:
    _refuse_in_error(entry)
    if not entry.is_draft:
        raise Conflict("a completed entry is append-only: add an appendment", field="entry_id")


def _refuse_in_error(entry: Entry) -> None:
    if entry.entered_in_error:
        raise Conflict("this entry was entered in error", field="entry_id")


def _refuse_incomplete(entry: Entry) -> None:
    if entry.entry_type in PURPOSE_REQUIRED and not entry.purpose:
        raise Invalid(f"a {entry.entry_type.replace('_', ' ')} says what it was for", field="purpose")
    if entry.entry_type == "case_summary":
        for section in ("happened", "analysis", "next_steps"):
            if not getattr(entry, section):
                raise Invalid("a case summary has all three sections before it is completed", field=section)
    elif not entry.text.strip():
        raise Invalid("an entry says what happened before it is completed", field="text")
