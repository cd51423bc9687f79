"""Subject access requests (a child's, or an adult's, whole record as JSON and as a readable HTML document) and a
child's access log (who has looked at this child's record)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import Query
from fastapi.responses import HTMLResponse

from services.records.api.callers import AccessLogReader, SubjectAccess
from services.records.api.documents import subject_access_html
from services.records.api.entries import appendment_out
from services.records.api.people import person_out
from services.records.api.schemas.entries import SubjectOut
from services.records.api.schemas.story import StatusOut
from services.records.api.schemas.subject_access import (
    AccessOut,
    CaseHeldOut,
    HeldEntryOut,
    NamedOut,
    SubjectAccessOut,
)
from services.records.queries import access_log as log_queries
from services.records.queries import scope
from services.records.queries import subject_access as queries
from services.records.rules.chronology import title
from shared.runtime.bodies import IsoDateTime
from shared.runtime.http import Page, UnitOfWorkDep, service_router

router = service_router(tags=["subject access and the access log"])
Format = Annotated[Literal["json", "html"], Query(description="html: a readable document, to print or send")]
HTML_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {"schema": {"type": "string"}, "example": "<!doctype html>…"}}}
}


def held_out(held: queries.HeldEntry, pods: dict[str, str]) -> HeldEntryOut:
    entry = held.entry
    if entry is not None:
        sections = {
            "What has happened": entry.happened,
            "Analysis": entry.analysis,
            "What happens next": entry.next_steps,
        }
        return HeldEntryOut(
            id=entry.id,
            source="written",
            entry_type=entry.entry_type,
            occurred_on=entry.occurred_on,
            recorded_at=entry.recorded_at,
            title=entry.title,
            status=entry.status,
            entered_in_error=entry.entered_in_error_reason if entry.entered_in_error else None,
            author=entry.author,
            purpose=entry.purpose,
            text=entry.text,
            sections={name: words for name, words in sections.items() if words},
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
            also_names=[NamedOut(kind=o.kind, id=o.id, name=o.name) for o in held.others],
        )
    fact = held.automatic
    assert fact is not None
    return HeldEntryOut(
        id=fact.id,
        source="automatic",
        entry_type=fact.entry_type,
        occurred_on=fact.occurred_on,
        recorded_at=fact.recorded_at,
        title=title(fact.kind or "", fact.facts or {}, pods),
        status="complete",
        text="\n".join(words for words in (fact.decision, fact.rationale) if words) or None,
        facts=fact.facts,
    )


def record_out(record: queries.SubjectAccessRecord) -> SubjectAccessOut:
    if record.child is not None:
        child = record.child
        subject: dict[str, Any] = {
            "kind": "child",
            "id": str(child.child_id),
            "la_child_id": child.la_child_id,
            "date_of_birth": child.date_of_birth.isoformat() if child.date_of_birth else None,
            "sex": child.sex,
            "uasc": child.uasc,
            "family_id": str(child.family_id) if child.family_id else None,
        }
    else:
        assert record.person is not None
        person = person_out(record.person)
        subject = {"kind": "person", **person.model_dump(mode="json", exclude={"version"})}
    return SubjectAccessOut(
        generated_at=record.generated_at,
        subject=subject,
        cases=[
            CaseHeldOut(
                case_id=c.case_id, referral_date=c.referral_date, closed_on=c.closed_on, closure_reason=c.closure_reason
            )
            for c in record.cases
        ],
        statuses=[
            StatusOut(kind=s.kind, start=s.start, end=s.end, cp_category=s.cp_category, legal_status=s.legal_status)
            for s in record.statuses
            if s.kind and s.start
        ],
        people=[person_out(p) for p in record.people],
        entries=[held_out(h, record.pods) for h in record.entries],
    )


def _presented(record: queries.SubjectAccessRecord, format: str) -> Any:
    out = record_out(record)
    return HTMLResponse(subject_access_html(out)) if format == "html" else out


@router.get("/children/{child_id}/export", response_model=SubjectAccessOut, responses=HTML_RESPONSE)
async def export_child_record(
    child_id: uuid.UUID, uow: UnitOfWorkDep, principal: SubjectAccess, format: Format = "json"
) -> Any:
    """A child's whole record for a subject access request (the child's pod manager, a head of service or an
    auditor): who the child is to records, their cases and statuses, the adults around them, and every entry,
    oldest first — drafts and entries entered in error included and marked, since they are held — each with the
    other people it names, where the redaction review starts. `format=html` gives a readable document. The
    export is in the child's access log."""
    child = await scope.child_for(uow, principal, child_id, "export", "/export")
    await scope.require_export(uow, principal, [child.child_id])
    return _presented(await queries.for_child(uow, child), format)


@router.get("/people/{person_id}/export", response_model=SubjectAccessOut, responses=HTML_RESPONSE)
async def export_person_record(
    person_id: uuid.UUID, uow: UnitOfWorkDep, principal: SubjectAccess, format: Format = "json"
) -> Any:
    """An adult's record for their subject access request: their details and every entry that names them, each
    with the other people it names (the children's council ids among them) for the redaction review."""
    person = await scope.person_for(uow, principal, person_id, "export", "/export")
    record = await queries.for_person(uow, person)
    children = [s.subject_id for h in record.entries if h.entry for s in h.entry.children()]
    await scope.require_export(uow, principal, children)
    return _presented(record, format)


@router.get("/children/{child_id}/access-log", response_model=Page[AccessOut])
async def read_access_log(
    child_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: AccessLogReader,
    from_: Annotated[IsoDateTime | None, Query(alias="from", description="From this time (UTC if no offset)")] = None,
    to: Annotated[IsoDateTime | None, Query(description="Up to this time, exclusive")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Annotated[int | None, Query(ge=0, le=2**62, description="next_cursor from the previous page")] = None,
) -> Page[AccessOut]:
    """Who has looked at this child's record: every read of the child's story, chronology, entries, visits or
    export, and every write, with who, in what role, when and through what; newest first. For the child's pod
    manager and auditors. Reading the log is itself logged."""
    await scope.child_for(uow, principal, child_id, "read", "/access-log")
    await scope.require_log_reader(uow, principal, child_id)
    rows, next_cursor = await log_queries.access_log(uow, child_id, since=from_, until=to, limit=limit, cursor=cursor)
    return Page[AccessOut](items=[AccessOut(**row) for row in rows], next_cursor=next_cursor)
