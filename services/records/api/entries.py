"""Story entries: written once for one or many children, edited as drafts by their author, completed (then
append-only: appendments), and marked entered in error, never deleted."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Query, Response, status

from services.records.api.callers import StoryReader, StoryWriter
from services.records.api.schemas.entries import (
    AppendmentIn,
    AppendmentOut,
    DraftOut,
    EnteredInErrorIn,
    EnteredInErrorOut,
    EntryIn,
    EntryOut,
    SubjectOut,
)
from services.records.commands import entries as commands
from services.records.commands.content import ChildOnEntry, EntryContent
from services.records.models import Appendment, Entry
from services.records.queries import drafts as draft_queries
from services.records.queries import scope
from services.records.settings import Settings
from shared.auth import Principal
from shared.runtime.http import IfMatch, UnitOfWorkDep, etag, service_router
from shared.runtime.unit_of_work import UnitOfWork

router = service_router(tags=["story entries"])
RESPONSES_OF_A_WRITE: dict[int | str, dict[str, Any]] = {
    409: {"description": "A completed entry is append-only, or the entry was entered in error"}
}


def entry_out(entry: Entry) -> EntryOut:
    return EntryOut(
        id=entry.id,
        entry_type=entry.entry_type,
        status=entry.status,
        occurred_on=entry.occurred_on,
        title=entry.title,
        text=entry.text,
        purpose=entry.purpose,
        significant=entry.significant,
        family_id=entry.family_id,
        case_id=entry.case_id,
        visit_kind=entry.visit_kind,
        serves_status=entry.serves_status,
        happened=entry.happened,
        analysis=entry.analysis,
        next_steps=entry.next_steps,
        subjects=[
            SubjectOut(
                subject_id=s.subject_id,
                kind=s.subject_kind,
                case_id=s.case_id,
                seen=s.seen,
                seen_alone=s.seen_alone,
                not_seen_reason=s.not_seen_reason,
                not_seen_alone_reason=s.not_seen_alone_reason,
            )
            for s in entry.subjects
        ],
        appendments=[appendment_out(a) for a in entry.appendments],
        author=entry.author,
        author_role=entry.author_role,
        draft_started_at=entry.draft_started_at,
        recorded_at=entry.recorded_at,
        completed_at=entry.completed_at,
        characters=entry.characters,
        entered_in_error=(
            EnteredInErrorOut(
                at=entry.entered_in_error_at,
                by=entry.entered_in_error_by or "",
                reason=entry.entered_in_error_reason or "",
            )
            if entry.entered_in_error_at
            else None
        ),
        version=entry.version,
    )


def _entered_in_error(entry: Entry) -> EnteredInErrorOut | None:
    if entry.entered_in_error_at is None:
        return None
    return EnteredInErrorOut(
        at=entry.entered_in_error_at, by=entry.entered_in_error_by or "", reason=entry.entered_in_error_reason or ""
    )


def appendment_out(appendment: Appendment) -> AppendmentOut:
    return AppendmentOut(
        id=appendment.id,
        author=appendment.author,
        author_role=appendment.author_role,
        appended_at=appendment.appended_at,
        text=appendment.text,
    )


def content_of(body: EntryIn) -> EntryContent:
    return EntryContent(
        entry_type=body.entry_type,
        occurred_on=body.occurred_on,
        title=body.title,
        text=body.text,
        purpose=body.purpose,
        significant=body.significant,
        children=tuple(ChildOnEntry(**child.model_dump()) for child in body.children),
        people=tuple(body.people),
        family_id=body.family_id,
        case_id=body.case_id,
        visit_kind=body.visit_kind,
        serves_status=body.serves_status,
        happened=body.happened,
        analysis=body.analysis,
        next_steps=body.next_steps,
    )


async def _authorise_content(uow: UnitOfWork, principal: Principal, body: EntryIn) -> None:
    scope.require_may_write(principal, body.entry_type)
    await scope.require_children_in_scope(uow, principal, [child.child_id for child in body.children])
    if body.family_id is not None:
        await scope.require_family_in_scope(uow, principal, body.family_id)
    if body.case_id is not None and body.entry_type == "case_summary":
        await scope.require_case_in_scope(uow, principal, body.case_id)


async def _present(uow: UnitOfWork, entry: Entry, response: Response) -> EntryOut:
    await uow.flush()  # the entry's version, for its ETag
    response.headers["ETag"] = etag(entry.version)
    return entry_out(entry)


@router.post("/entries", status_code=status.HTTP_201_CREATED, response_model=EntryOut)
async def write_entry(
    body: EntryIn, uow: UnitOfWorkDep, principal: StoryWriter, settings: Settings, response: Response
) -> EntryOut:
    """Write a story entry once, for every child it is about: a sibling visit is one entry with each child's
    `seen` and `seen_alone` (and why not, when not); a family-level fact (`family_id`) is shown in every sibling's
    story. `status: draft` (the default) keeps it editable by its author; `complete` makes it append-only at once
    and publishes its facts. Visits and case summaries say their `purpose`. Business support record
    correspondence. Every child named must be one the caller may see."""
    await _authorise_content(uow, principal, body)
    entry = await commands.write_entry(
        uow,
        principal,
        content_of(body),
        settings,
        complete=body.status == "complete",
        started_at=body.started_at,
    )
    uow.audit(principal, "write", f"entry/{entry.id}", *(s.subject_id for s in entry.children()))
    response.headers["Location"] = f"/records/v1/entries/{entry.id}"
    return await _present(uow, entry, response)


@router.get("/entries/{entry_id}", response_model=EntryOut)
async def read_entry(entry_id: uuid.UUID, uow: UnitOfWorkDep, principal: StoryReader, response: Response) -> EntryOut:
    """One entry with its subjects and appendments. Its `ETag` is what `If-Match` carries when editing a draft.
    A draft is its author's (and their managers') until completed; an entry entered in error is shown only to
    auditors and managers, with who marked it and why."""
    entry = await scope.entry_for(uow, principal, entry_id, "read")
    response.headers["ETag"] = etag(entry.version)
    return entry_out(entry)


@router.put("/entries/{entry_id}", response_model=EntryOut, responses=RESPONSES_OF_A_WRITE)
async def revise_draft(
    entry_id: uuid.UUID,
    body: EntryIn,
    uow: UnitOfWorkDep,
    principal: StoryWriter,
    settings: Settings,
    response: Response,
    if_match: IfMatch = None,
) -> EntryOut:
    """Replace a draft's content (its author only), with `If-Match` set to the draft's `ETag`: of two edits made
    from the same version, one wins and the other gets 412. `status: complete` completes it too. A completed entry
    is never edited (409): add an appendment instead."""
    entry = await scope.entry_for(uow, principal, entry_id, "write", if_match=if_match, if_match_required=True)
    scope.require_author(principal, entry)
    await _authorise_content(uow, principal, body)
    await commands.revise_draft(uow, entry, principal, content_of(body), settings, complete=body.status == "complete")
    return await _present(uow, entry, response)


@router.post("/entries/{entry_id}/complete", response_model=EntryOut, responses=RESPONSES_OF_A_WRITE)
async def complete_entry(
    entry_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: StoryWriter,
    settings: Settings,
    response: Response,
    if_match: IfMatch = None,
) -> EntryOut:
    """Complete a draft (its author only): from now on it is append-only, and its facts are published (the
    recording time from the draft's start, its length, and for a visit each child's seen and seen alone)."""
    entry = await scope.entry_for(uow, principal, entry_id, "write", "/complete", if_match=if_match)
    scope.require_author(principal, entry)
    await commands.complete_entry(uow, entry, principal, settings)
    return await _present(uow, entry, response)


@router.post(
    "/entries/{entry_id}/appendments",
    status_code=status.HTTP_201_CREATED,
    response_model=AppendmentOut,
    responses=RESPONSES_OF_A_WRITE,
)
async def append_to_entry(
    entry_id: uuid.UUID, body: AppendmentIn, uow: UnitOfWorkDep, principal: StoryWriter, response: Response
) -> AppendmentOut:
    """Add to a completed entry: who, when and what, beside it, never in it. A draft is edited instead (409)."""
    entry = await scope.entry_for(uow, principal, entry_id, "write", "/appendments")
    scope.require_may_write(principal, entry.entry_type)
    appendment = await commands.append(uow, entry, principal, body.text)
    response.headers["Location"] = f"/records/v1/entries/{entry.id}"
    return appendment_out(appendment)


@router.post("/entries/{entry_id}/entered-in-error", response_model=EntryOut, responses=RESPONSES_OF_A_WRITE)
async def mark_entered_in_error(
    entry_id: uuid.UUID, body: EnteredInErrorIn, uow: UnitOfWorkDep, principal: StoryWriter, response: Response
) -> EntryOut:
    """Mark an entry entered in error, with the reason (its author, or the child's pod manager): it leaves the
    story and the counts made from it, and stays for auditors. Nothing is deleted."""
    entry = await scope.entry_for(uow, principal, entry_id, "write", "/entered-in-error")
    await scope.require_author_or_manager(uow, principal, entry)
    await commands.enter_in_error(uow, entry, principal, body.reason)
    return await _present(uow, entry, response)


@router.get("/drafts", response_model=list[DraftOut])
async def list_drafts(
    uow: UnitOfWorkDep,
    principal: StoryWriter,
    settings: Settings,
    overdue: Annotated[bool, Query(description="Only drafts older than the configured number of days")] = False,
) -> list[DraftOut]:
    """Drafts not yet completed, oldest first: a worker's own; a pod manager's also those about the children their
    pods hold; a head of service's, all. Older than `CONTINUUM_RECORDS_DRAFT_OVERDUE_DAYS` they are overdue."""
    found = await draft_queries.drafts(uow, principal, settings, overdue_only=overdue)
    return [
        DraftOut(
            id=d.entry.id,
            entry_type=d.entry.entry_type,
            title=d.entry.title,
            occurred_on=d.entry.occurred_on,
            author=d.entry.author,
            child_ids=[s.subject_id for s in d.entry.children()],
            draft_started_at=d.entry.draft_started_at,
            days_old=d.days_old,
            overdue=d.overdue,
        )
        for d in found
    ]
