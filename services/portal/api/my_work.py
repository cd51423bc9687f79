"""My work: a worker's own caseload against capacity and today's cover; a manager opens a worker's the same way."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.portal.queries.my_work import MyWork, my_work
from services.portal.rules.caseload import by_child_name
from services.portal.rules.navigation import may_record

from .pages import Api, render
from .session import User, session_of

router = APIRouter()


@router.get("/my-work", response_class=HTMLResponse)
async def own_work(request: Request, user: User, api: Api) -> Response:
    """The signed-in worker's caseload, who covers for whom today, and their drafts to complete."""
    if not user.worker_id:
        return RedirectResponse("/", status_code=303)
    work = await my_work(api, user.worker_id, date.today(), own=may_record(user.roles))
    return _page(request, work, own=True)


@router.get("/workers/{worker_id}", response_class=HTMLResponse)
async def a_workers_work(
    request: Request, user: User, api: Api, worker_id: Annotated[str, Path(pattern=r"^[0-9a-fA-F-]{36}$")]
) -> Response:
    """A worker's caseload as their pod manager sees it (the allocation API decides who may)."""
    own = worker_id == user.worker_id
    work = await my_work(api, worker_id, date.today(), own=own and may_record(user.roles))
    return _page(request, work, own=own)


def _page(request: Request, work: MyWork, *, own: bool) -> HTMLResponse:
    cases = by_child_name(work.caseload["cases"])
    context = {"work": work, "cases": cases, "own": own, "flash": session_of(request).pop("flash", None)}
    return render(request, "my_work.html", context, current="my-work" if own else "")
