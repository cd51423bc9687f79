"""A child: find one by the council's child id, and the child's page: who holds the case, the one story with its
filters and search, visits due, the scaling trend by voice, and the continuity history."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.portal.queries.children import child_page, find_children
from services.portal.queries.story import chronology, story
from services.portal.rules import charts, history, navigation
from services.portal.rules.story_filters import TYPES, read_filters

from .pages import Api, render
from .session import User, session_of

router = APIRouter()
Id = Annotated[str, Path(pattern=r"^[0-9a-fA-F-]{36}$")]
Cursor = Annotated[str | None, Query(max_length=200)]


@router.get("/children", response_class=HTMLResponse)
async def find(
    request: Request, user: User, api: Api, la_child_id: Annotated[str | None, Query(max_length=50)] = None
) -> Response:
    """Find a child by the council's child id."""
    errors, found = {}, None
    if la_child_id is not None:
        wanted = la_child_id.strip()
        if not wanted:
            errors["la_child_id"] = "Enter the child's council ID, like C0012345"
        else:
            found = await find_children(api, wanted)
            if len(found) == 1:
                return RedirectResponse(f"/children/{found[0]['id']}", status_code=303)
    context = {"la_child_id": la_child_id or "", "errors": errors, "found": found}
    return render(request, "find_child.html", context, status_code=400 if errors else 200, current="children")


@router.get("/children/{child_id}", response_class=HTMLResponse)
async def child(request: Request, user: User, api: Api, child_id: Id, cursor: Cursor = None) -> Response:
    """Who holds the case and who to call today, the one story (filtered or searched), visits due, the scaling
    trend by voice, brothers and sisters, and continuity history."""
    today = date.today()
    filters, errors = read_filters(request.query_params)
    page, told = await asyncio.gather(child_page(api, child_id, today), story(api, child_id, filters, cursor))
    episodes = history.episodes(page.allocations)
    count = history.workers_in_last_year(episodes, today)
    trajectories = told.scaling["trajectories"] if told.scaling else []
    questions = [q for q in charts.QUESTIONS if any(t["question"] == q for t in trajectories)]
    context = {
        "page": page,
        "story": told,
        "filters": filters,
        "values": {key: request.query_params.get(key, "") for key in ("type", "from", "to", "q", "significant")},
        "errors": errors,
        "types": TYPES,
        "scaling": [(q, *charts.scaling_trend(trajectories, q)) for q in questions],
        "episodes": episodes,
        "workers_this_year": count,
        "nth": history.ordinal(count) if count else "",
        "may_transfer": navigation.may_transfer(user.roles),
        "may_record": navigation.may_record(user.roles),
        "may_close_actions": navigation.may_close_actions(user.roles),
        "flash": session_of(request).pop("flash", None),
    }
    return render(request, "child.html", context, status_code=400 if errors else 200, current="children")


@router.get("/children/{child_id}/chronology", response_class=HTMLResponse)
async def child_chronology(request: Request, user: User, api: Api, child_id: Id, cursor: Cursor = None) -> Response:
    """The chronology, oldest first, one line per event: what a conference or a court asks for."""
    filters, errors = read_filters(request.query_params)
    found, child = await asyncio.gather(
        chronology(api, child_id, filters, cursor), api.get("allocation", f"/children/{child_id}")
    )
    context = {
        "child": child,
        "lines": found["items"],
        "next_cursor": found.get("next_cursor"),
        "filters": filters,
        "values": {key: request.query_params.get(key, "") for key in ("type", "from", "to", "significant")},
        "errors": errors,
        "types": TYPES,
    }
    return render(request, "chronology.html", context, status_code=400 if errors else 200, current="children")
