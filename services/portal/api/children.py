"""A child: find one by the council's child id, and the child's page."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.portal.queries.children import child_page, find_children
from services.portal.rules import history, navigation

from .pages import Api, render
from .session import User, session_of

router = APIRouter()
Id = Annotated[str, Path(pattern=r"^[0-9a-fA-F-]{36}$")]


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
async def child(request: Request, user: User, api: Api, child_id: Id) -> Response:
    """Who holds the case and who to call today, statuses, brothers and sisters, and continuity history."""
    today = date.today()
    page = await child_page(api, child_id, today)
    episodes = history.episodes(page.allocations)
    count = history.workers_in_last_year(episodes, today)
    context = {
        "page": page,
        "episodes": episodes,
        "workers_this_year": count,
        "nth": history.ordinal(count) if count else "",
        "may_transfer": navigation.may_transfer(user.roles),
        "flash": session_of(request).pop("flash", None),
    }
    return render(request, "child.html", context, current="children")
