"""Supervision actions after their session is signed off: mark one done on a day (with a note of what was done),
or cancel it with the reason it no longer needs doing. Opened from My work or a child's page, and back there
afterwards; a refused or failed save keeps what was typed and says why in the error summary."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.portal.backend import BackendProblem, BackendUnavailable
from services.portal.commands import supervision as commands
from services.portal.queries.supervision import action_page
from services.portal.rules.action_form import Closing, back_to, read_closing
from services.portal.rules.navigation import may_close_actions

from .pages import Api, render
from .session import CsrfChecked, User, session_of
from .supervision import _failed, _form, _today

router = APIRouter()
Id = Annotated[str, Path(pattern=r"^[0-9a-fA-F-]{36}$")]
Next = Annotated[str | None, Query(max_length=500)]
FIELDS = ("completed_on", "note", "cancelled_on", "reason")


@router.get("/actions/{action_id}", response_class=HTMLResponse)
async def an_action(request: Request, user: User, api: Api, action_id: Id, next: Next = None) -> Response:
    """The action, and the forms to mark it done or cancel it."""
    values = {**_today("completed_on"), **_today("cancelled_on"), "key": str(uuid.uuid4())}
    values["next"] = back_to(next, "/my-work")
    return await _page(request, api, user.roles, action_id, values, {})


async def _page(
    request: Request,
    api: Api,
    roles: frozenset[str],
    action_id: str,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 400,
) -> HTMLResponse:
    page = await action_page(api, action_id)
    context = {"page": page, "values": values, "errors": errors, "may_close": may_close_actions(roles)}
    return render(request, "action.html", context, status_code=status if errors else 200)


async def _close(request: Request, user: User, api: Api, action_id: str, closing: Closing) -> Response:
    # The other form's day keeps its default: only one of the two forms was sent.
    other = _today("cancelled_on" if closing == "complete" else "completed_on")
    values = {**other, **await _form(request)}
    values["next"] = back_to(values.get("next"), "/my-work")
    body, errors = read_closing(values, closing, date.today())
    if body is None:
        return await _page(request, api, user.roles, action_id, values, errors)
    try:
        closed = await commands.close_action(api, action_id, closing, body, values.get("key") or str(uuid.uuid4()))
    except (BackendUnavailable, BackendProblem) as failure:
        if isinstance(failure, BackendProblem) and failure.status in (401, 403, 404):
            raise
        values["key"] = str(uuid.uuid4())
        fields = failure.fields if isinstance(failure, BackendProblem) else {}
        errors = {k: v[:1].upper() + v[1:] for k, v in fields.items() if k in FIELDS}
        if not errors:
            what = "action" if closing == "complete" else "cancellation"
            errors = {"": _failed(failure, what).replace("the action is", "the action was")}
        status = 503 if isinstance(failure, BackendUnavailable) else 400
        return await _page(request, api, user.roles, action_id, values, errors, status)
    done = closing == "complete"
    session_of(request)["flash"] = {
        "title": "Action done" if done else "Action cancelled",
        "text": f"“{closed['description']}” is {'marked done' if done else 'cancelled'}.",
    }
    return RedirectResponse(values["next"], status_code=303)


@router.post("/actions/{action_id}/complete", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def complete(request: Request, user: User, api: Api, action_id: Id) -> Response:
    """Marks the action done on the day typed, with an optional note of what was done."""
    return await _close(request, user, api, action_id, "complete")


@router.post("/actions/{action_id}/cancel", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def cancel(request: Request, user: User, api: Api, action_id: Id) -> Response:
    """Cancels the action on the day typed, saying why it no longer needs doing."""
    return await _close(request, user, api, action_id, "cancel")
