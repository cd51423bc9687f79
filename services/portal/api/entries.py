"""A story entry after it is written: add to a completed one (an appendment, beside it, never in it), mark one
entered in error with the reason (it leaves the story, and stays for auditors), and edit a draft, then complete
it (its author only; `If-Match` the version read). A refused or failed save keeps what was typed."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.portal.backend import BackendProblem, BackendUnavailable
from services.portal.commands import records as commands
from services.portal.queries.story import entry_page
from services.portal.rules import entry_forms
from services.portal.rules.action_form import back_to
from services.portal.rules.navigation import may_record

from .pages import Api, render
from .session import CsrfChecked, SignedIn, User, session_of
from .supervision import _failed, _form

router = APIRouter()
Id = Annotated[str, Path(pattern=r"^[0-9a-fA-F-]{36}$")]
Next = Annotated[str | None, Query(max_length=500)]


def _home(entry: dict[str, Any]) -> str:
    child = next((s["subject_id"] for s in entry["subjects"] if s["kind"] == "child"), None)
    return f"/children/{child}#story" if child else "/children"


@router.get("/entries/{entry_id}", response_class=HTMLResponse)
async def an_entry(request: Request, user: User, api: Api, entry_id: Id, next: Next = None) -> Response:
    """The entry with what was added to it; the forms its reader may use (add to it, mark it entered in error,
    or edit and complete a draft of their own)."""
    page = await entry_page(api, entry_id)
    values = {"key": str(uuid.uuid4()), "next": back_to(next, _home(page.entry))}
    if page.entry["status"] == "draft":
        values.update(entry_forms.draft_values(page.entry))
    return _page(request, user, page, values, {})


def _page(
    request: Request, user: SignedIn, page: Any, values: dict[str, str], errors: dict[str, str], status: int = 400
) -> HTMLResponse:
    entry = page.entry
    context = {
        "page": page,
        "values": values,
        "errors": errors,
        "may_write": may_record(user.roles) and entry["entered_in_error"] is None,
        "own_draft": entry["status"] == "draft" and entry["author"] == user.worker_id,
        "sections": entry_forms.SECTIONS,
        "flash": session_of(request).pop("flash", None),
    }
    return render(request, "entry.html", context, status_code=status if errors else 200, current="children")


async def _shown_again(
    request: Request, user: SignedIn, api: Api, entry_id: str, values: dict[str, str], errors: dict[str, str]
) -> HTMLResponse:
    """The entry's page again with what was typed and the errors naming the fields."""
    page = await entry_page(api, entry_id)
    values["next"] = back_to(values.get("next"), _home(page.entry))
    return _page(request, user, page, values, errors)


async def _refused(
    request: Request, user: SignedIn, api: Api, entry_id: str, values: dict[str, str], failure: Exception, what: str
) -> Response:
    if isinstance(failure, BackendProblem) and failure.status in (401, 404):
        raise failure
    values["key"] = str(uuid.uuid4())
    fields = failure.fields if isinstance(failure, BackendProblem) else {}
    errors = {k: v[:1].upper() + v[1:] for k, v in fields.items() if k in ("text", "reason", "title", "purpose")}
    if isinstance(failure, BackendProblem) and failure.status == 412:
        errors = {"": "The draft changed since you opened it: your edits are below; check the draft, then save again."}
    if isinstance(failure, BackendProblem) and "text" in errors and what == "addition":
        errors = {"appendment": errors["text"]}
    status = 503 if isinstance(failure, BackendUnavailable) else 400
    page = await entry_page(api, entry_id)
    if not errors:
        errors = {"": _failed(failure, what)}
    if isinstance(failure, BackendProblem) and failure.status == 412:
        values["version"] = page.version
    return _page(request, user, page, values, errors, status)


@router.post("/entries/{entry_id}/appendments", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def append(request: Request, user: User, api: Api, entry_id: Id) -> Response:
    """Adds to a completed entry, beside it."""
    values = await _form(request)
    text, errors = entry_forms.read_appendment(values)
    if text is None:
        return await _shown_again(request, user, api, entry_id, values, errors)
    try:
        await commands.append(api, entry_id, text, values.get("key") or str(uuid.uuid4()))
    except (BackendUnavailable, BackendProblem) as failure:
        return await _refused(request, user, api, entry_id, values, failure, "addition")
    session_of(request)["flash"] = {"title": "Added to the entry", "text": "What you added is shown under it."}
    return RedirectResponse(back_to(values.get("next"), "/children"), status_code=303)


@router.post("/entries/{entry_id}/entered-in-error", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def enter_in_error(request: Request, user: User, api: Api, entry_id: Id) -> Response:
    """Marks the entry entered in error, with the reason: it leaves the story, and nothing is deleted."""
    values = await _form(request)
    reason, errors = entry_forms.read_in_error(values)
    if reason is None:
        return await _shown_again(request, user, api, entry_id, values, errors)
    try:
        await commands.enter_in_error(api, entry_id, reason, values.get("key") or str(uuid.uuid4()))
    except (BackendUnavailable, BackendProblem) as failure:
        return await _refused(request, user, api, entry_id, values, failure, "marking")
    session_of(request)["flash"] = {
        "title": "Entry marked entered in error",
        "text": "It no longer shows in the story; auditors and managers can still see it, with your reason.",
    }
    return RedirectResponse(back_to(values.get("next"), "/children"), status_code=303)


@router.post("/entries/{entry_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def revise(request: Request, user: User, api: Api, entry_id: Id) -> Response:
    """Saves the draft's edits (`status=draft`), or saves and completes it (`status=complete`)."""
    values = await _form(request)
    page = await entry_page(api, entry_id)
    values["next"] = back_to(values.get("next"), _home(page.entry))
    complete = values.get("status") == "complete"
    body, errors = entry_forms.revised_draft(page.entry, values, date.today(), complete=complete)
    if body is None:
        return _page(request, user, page, values, errors)
    try:
        await commands.revise_draft(api, entry_id, body, values.get("version") or page.version)
    except (BackendUnavailable, BackendProblem) as failure:
        return await _refused(request, user, api, entry_id, values, failure, "draft")
    session_of(request)["flash"] = (
        {"title": "Entry completed", "text": "It is in the story; from now on it can only be added to."}
        if complete
        else {"title": "Draft saved", "text": "You can change it until you complete it."}
    )
    return RedirectResponse(values["next"], status_code=303)
