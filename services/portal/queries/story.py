"""A child's one story as the records service keeps it (entries, filters, search, chronology), their visit clock,
and their scaling by voice from supervision: each from its own service's public API."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, TypeVar

from services.portal.backend import Backend, BackendProblem, BackendUnavailable
from services.portal.rules import work_order
from services.portal.rules.story_filters import StoryFilters

T = TypeVar("T")
PAGE = 20


async def unless_unknown(ask: Awaitable[T]) -> T | None:
    """A service that has not yet followed allocation to this child answers 404: the page says so for that part
    and shows the rest, rather than no page at all."""
    try:
        return await ask
    except BackendProblem as problem:
        if problem.status == 404:
            return None
        raise


async def optional(ask: Awaitable[T]) -> T | None:
    """A panel of a page built mainly on another service (My work, the pod board): when its service is down or
    does not know the pod yet, the panel says so and the rest of the page still helps."""
    try:
        return await unless_unknown(ask)
    except BackendUnavailable:
        return None


@dataclass(frozen=True)
class Story:
    items: list[dict[str, Any]] | None
    """Story items (newest first), or None while records does not know the child yet."""
    next_cursor: str | None
    hits: list[dict[str, Any]] | None
    """Search results, when the user searched."""
    visits: dict[str, Any] | None
    scaling: dict[str, Any] | None
    actions: list[dict[str, Any]] | None = None
    """Open supervision actions for the child, overdue first; None while supervision does not know the child."""


async def story(backend: Backend, child_id: str, filters: StoryFilters, cursor: str | None) -> Story:
    if filters.words:
        asked: Awaitable[Any] = backend.get(
            "records", "/search", child_id=child_id, limit=PAGE, **filters.search_params()
        )
    else:
        params = filters.story_params()
        asked = backend.get("records", f"/children/{child_id}/story", limit=PAGE, cursor=cursor, **params)
    found, visits, scaling, open_actions = await asyncio.gather(
        unless_unknown(asked),
        unless_unknown(backend.get("records", f"/children/{child_id}/visits")),
        unless_unknown(backend.get("supervision", f"/children/{child_id}/scaling")),
        unless_unknown(backend.get("supervision", f"/children/{child_id}/actions", status="open", limit=50)),
    )
    actions = work_order.actions_due(open_actions["items"]) if open_actions else None
    if filters.words:
        return Story([], None, found["items"] if found else [], visits, scaling, actions)
    items, next_cursor = (found["items"], found.get("next_cursor")) if found else (None, None)
    return Story(items, next_cursor, None, visits, scaling, actions)


async def chronology(backend: Backend, child_id: str, filters: StoryFilters, cursor: str | None) -> dict[str, Any]:
    answer: dict[str, Any] = await backend.get(
        "records", f"/children/{child_id}/chronology", limit=200, cursor=cursor, **filters.story_params()
    )
    return answer


async def summaries(backend: Backend, case_id: str) -> dict[str, Any] | None:
    return await unless_unknown(backend.get("records", f"/cases/{case_id}/case-summaries"))


@dataclass(frozen=True)
class EntryPage:
    entry: dict[str, Any]
    version: str
    """The entry's ETag: editing a draft sends it back (If-Match)."""
    children: dict[str, str]
    """Given names of the children it is about, by id."""


async def entry_page(backend: Backend, entry_id: str) -> EntryPage:
    """The entry with its subjects and appendments as records shows it to this user, then its children's names
    together (one call each: usually one, two for a sibling visit)."""
    answer = await backend.request("GET", "records", f"/entries/{entry_id}")
    entry = answer.json()
    ids = [s["subject_id"] for s in entry["subjects"] if s["kind"] == "child"]
    found = await asyncio.gather(*[backend.get("allocation", f"/children/{child}") for child in ids])
    return EntryPage(entry, answer.headers.get("etag", ""), {c["id"]: c["given_name"] for c in found})
