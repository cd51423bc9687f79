"""Full-text search across the stories the caller may see: finding things is the most common complaint about case
systems."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from services.records.api.callers import StoryReader
from services.records.api.schemas.search import HitOut, SearchOut
from services.records.queries import scope
from services.records.queries import search as queries
from services.records.rules.chronology import title
from services.records.rules.search import MAX_QUERY, safe_highlight
from services.records.settings import Settings
from shared.runtime.bodies import IsoDate
from shared.runtime.http import UnitOfWorkDep, service_router
from shared.vocabulary import EntryTypeCode

router = service_router(tags=["search"])


@router.get("/search", response_model=SearchOut)
async def search(
    q: Annotated[
        str, Query(min_length=1, max_length=MAX_QUERY, description='e.g. school attendance, "with father" -mother')
    ],
    uow: UnitOfWorkDep,
    principal: StoryReader,
    settings: Settings,
    child_id: Annotated[uuid.UUID | None, Query(description="Only this child's story")] = None,
    types: Annotated[list[EntryTypeCode] | None, Query(alias="type", description="Only these types")] = None,
    from_: Annotated[IsoDate | None, Query(alias="from", description="Happened on or after")] = None,
    to: Annotated[IsoDate | None, Query(description="Happened on or before")] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
    cursor: Annotated[str | None, Query(max_length=10, description="next_cursor from the previous page")] = None,
) -> SearchOut:
    """Search the stories the caller may see (their pods' children; auditors and heads of service, all): the
    completed entries' titles, purposes, text, summary sections and appendments, and supervision decisions. Words
    are matched by their stem (`visits` finds `visit`); `"a phrase"`, `or` and `-excluded` work as in a web search.
    Best first, each with a highlighted fragment, ranked among the newest matches (1,000 by default,
    `CONTINUUM_RECORDS_SEARCH_RANKED_MATCHES`; newest first among equal ranks): `older_matches` says when more
    matched, and a date range, a child or a type reaches them. Drafts and entries entered in error are never
    found."""
    if child_id is not None:
        await scope.child_for(uow, principal, child_id, "read", "/search")
    wanted = queries.SearchFilter(child_id, frozenset(types or ()), from_, to)
    found = await queries.search(
        uow, principal, q, wanted, limit=limit, cursor=cursor, bound=settings.search_ranked_matches
    )
    uow.audit(principal, "read", "search", *sorted({c for h in found.hits for c in h.child_ids}))
    return SearchOut(
        query=q,
        items=[
            HitOut(
                id=h.id,
                source=h.source,
                entry_type=h.entry_type,
                occurred_on=h.occurred_on,
                title=h.title or title(str((h.facts or {}).get("kind", "")), h.facts or {}, {}),
                rank=round(h.rank, 6),
                highlight=safe_highlight(h.highlight),
                child_ids=h.child_ids,
            )
            for h in found.hits
        ],
        next_cursor=found.next_cursor,
        older_matches=found.older_matches,
    )
