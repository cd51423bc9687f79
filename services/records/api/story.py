"""A child as records knows them, their one story (newest first, in full) and their chronology (oldest first, a
line each, exportable as CSV)."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query, Response

from services.records.api.callers import StoryReader
from services.records.api.entries import entry_out
from services.records.api.schemas.story import (
    AutomaticOut,
    ChildRecordOut,
    ChronologyLineOut,
    StatusOut,
    StoryItemOut,
)
from services.records.queries import children as child_queries
from services.records.queries import scope
from services.records.queries import story as story_queries
from services.records.rules.chronology import title
from shared.auth import Principal
from shared.problems import Forbidden
from shared.runtime.bodies import IsoDate
from shared.runtime.http import Page, UnitOfWorkDep, service_router
from shared.vocabulary import EntryTypeCode

router = service_router(tags=["children and their story"])

Types = Annotated[list[EntryTypeCode] | None, Query(alias="type", description="Only these types (repeatable).")]
Significant = Annotated[bool | None, Query(description="Only significant entries (true) or only the others.")]
From = Annotated[IsoDate | None, Query(alias="from", description="Happened on or after this day.")]
To = Annotated[IsoDate | None, Query(description="Happened on or before this day.")]
InError = Annotated[bool, Query(description="Also entries entered in error, marked (auditors and managers).")]


def story_filter(
    principal: Principal,
    types: Sequence[str] | None,
    significant: bool | None,
    since: date | None,
    until: date | None,
    in_error: bool,
    *,
    newest_first: bool,
) -> story_queries.StoryFilter:
    if in_error and not principal.has_any(scope.REVIEWERS):
        raise Forbidden(
            "entries entered in error are shown to auditors and managers", field="query.include_entered_in_error"
        )
    return story_queries.StoryFilter(
        frozenset(types or ()), significant, since, until, in_error, newest_first=newest_first
    )


def item_out(item: story_queries.StoryItem, pods: dict[str, str]) -> StoryItemOut:
    if item.entry is not None:
        entry = item.entry
        return StoryItemOut(
            id=entry.id,
            source="written",
            entry_type=entry.entry_type,
            occurred_on=entry.occurred_on,
            recorded_at=entry.recorded_at,
            title=entry.title,
            significant=entry.significant,
            entry=entry_out(entry),
        )
    fact = item.automatic
    assert fact is not None
    return StoryItemOut(
        id=fact.id,
        source="automatic",
        entry_type=fact.entry_type,
        occurred_on=fact.occurred_on,
        recorded_at=fact.recorded_at,
        title=title(fact.kind or "", fact.facts or {}, pods),
        significant=bool(fact.significant),
        automatic=AutomaticOut(
            kind=fact.kind or "",
            case_id=fact.case_id,
            facts=fact.facts or {},
            decision=fact.decision,
            rationale=fact.rationale,
        ),
    )


@router.get("/children/{child_id}", response_model=ChildRecordOut)
async def read_child(child_id: uuid.UUID, uow: UnitOfWorkDep, principal: StoryReader) -> ChildRecordOut:
    """A child as records knows them from allocation's facts: the council's child id, siblings, the latest case,
    the pod and worker holding it, and the statuses open today. Pod staff see the children their pods hold."""
    child = await scope.child_for(uow, principal, child_id, "read")
    record = await child_queries.record(uow, child)
    return ChildRecordOut(
        child_id=child.child_id,
        la_child_id=child.la_child_id,
        date_of_birth=child.date_of_birth,
        sex=child.sex,
        uasc=child.uasc,
        family_id=child.family_id,
        siblings=record.siblings,
        case_id=record.holder.case_id if record.holder else None,
        case_open=bool(record.holder and record.holder.case_open),
        pod_id=record.holder.pod_id if record.holder else None,
        worker_id=record.holder.worker_id if record.holder else None,
        statuses=[StatusOut(**s) for s in record.statuses],
    )


@router.get("/children/{child_id}/story", response_model=Page[StoryItemOut])
async def read_story(
    child_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: StoryReader,
    types: Types = None,
    significant: Significant = None,
    from_: From = None,
    to: To = None,
    include_entered_in_error: InError = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: Annotated[str | None, Query(max_length=200, description="next_cursor from the previous page")] = None,
) -> Page[StoryItemOut]:
    """The child's one story, newest first, a page at a time: every entry written about the child (a sibling
    visit or a family-level fact shows in each child's story) and the automatic chronology (allocation's changes,
    supervision decisions), filterable by type, significance and dates. The caller's own drafts show; entries
    entered in error are hidden unless an auditor or manager asks for them. Every read is in the access log."""
    await scope.child_for(uow, principal, child_id, "read", "/story")
    wanted = story_filter(principal, types, significant, from_, to, include_entered_in_error, newest_first=True)
    items, next_cursor = await story_queries.story(uow, principal, child_id, wanted, limit=limit, cursor=cursor)
    pods = await child_queries.pod_names(uow) if any(i.automatic for i in items) else {}
    return Page[StoryItemOut](items=[item_out(i, pods) for i in items], next_cursor=next_cursor)


class CsvResponse(Response):
    media_type = "text/csv"


CHRONOLOGY_CSV = "occurred_on,entry_type,title,significant,source,status,entered_in_error,id\r\n"


@router.get(
    "/children/{child_id}/chronology",
    response_model=Page[ChronologyLineOut],
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}, "example": CHRONOLOGY_CSV}}}},
)
async def read_chronology(
    child_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: StoryReader,
    types: Types = None,
    significant: Significant = None,
    from_: From = None,
    to: To = None,
    include_entered_in_error: InError = False,
    format: Annotated[Literal["json", "csv"], Query(description="csv: the whole chronology, to export")] = "json",
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Any:
    """The child's chronology, oldest first, one line per entry (what happened, when, whether significant): the
    document a conference or a court asks for. `significant=true` gives a chronology of significant events;
    `format=csv` exports all of it (the export is in the access log)."""
    exporting = format == "csv"
    await scope.child_for(uow, principal, child_id, "export" if exporting else "read", "/chronology")
    wanted = story_filter(principal, types, significant, from_, to, include_entered_in_error, newest_first=False)
    items, next_cursor = await story_queries.story(
        uow, principal, child_id, wanted, limit=None if exporting else limit, cursor=None if exporting else cursor
    )
    pods = await child_queries.pod_names(uow)
    lines = [_line(item, pods) for item in items]
    if not exporting:
        return Page[ChronologyLineOut](items=lines, next_cursor=next_cursor)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CHRONOLOGY_CSV.strip().split(","))
    for line in lines:
        writer.writerow(
            [
                line.occurred_on,
                line.entry_type,
                line.title,
                line.significant,
                line.source,
                line.status,
                line.entered_in_error,
                line.id,
            ]
        )
    headers = {"Content-Disposition": f'attachment; filename="chronology_{child_id}.csv"'}
    return CsvResponse(out.getvalue(), headers=headers)


def _line(item: story_queries.StoryItem, pods: dict[str, str]) -> ChronologyLineOut:
    full = item_out(item, pods)
    entry = item.entry
    return ChronologyLineOut(
        id=full.id,
        source=full.source,
        entry_type=full.entry_type,
        occurred_on=full.occurred_on,
        title=full.title,
        significant=full.significant,
        status="draft" if entry is not None and entry.is_draft else "complete",
        entered_in_error=bool(entry is not None and entry.entered_in_error),
    )
