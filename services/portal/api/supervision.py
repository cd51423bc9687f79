"""Group supervision: a pod's sessions; a session's agenda; recording that it was held and who came; each case
discussion (Signs of Safety mapping, scaling by voice, decision and rationale, actions); signing it off, which
puts each child's decision in their story. A refused or failed save keeps everything typed."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.portal.backend import BackendProblem, BackendUnavailable
from services.portal.commands import supervision as commands
from services.portal.queries.supervision import discussion_form, pod_sessions, session_page
from services.portal.rules.charts import VOICES
from services.portal.rules.supervision_forms import (
    ACTION_ROWS,
    MAPPING,
    discussion_api_errors,
    read_discussion,
    read_held,
    read_schedule,
)

from .errors import SERVICES
from .pages import Api, render
from .session import CsrfChecked, User, session_of

router = APIRouter()
Id = Annotated[str, Path(pattern=r"^[0-9a-fA-F-]{36}$")]
ChildId = Annotated[str, Query(pattern=r"^[0-9a-fA-F-]{36}$")]


def _today(prefix: str) -> dict[str, str]:
    today = date.today()
    return {f"{prefix}-day": str(today.day), f"{prefix}-month": str(today.month), f"{prefix}-year": str(today.year)}


def _failed(failure: Exception, what: str) -> str:
    if isinstance(failure, BackendUnavailable):
        service = SERVICES.get(failure.service, failure.service)
        return f"The {what} was not saved: the {service} service {failure.detail}. Nothing you typed was lost."
    assert isinstance(failure, BackendProblem)
    return f"The {what} was not saved: {failure.detail}."


async def _form(request: Request) -> dict[str, str]:
    return {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}


@router.get("/supervision", response_class=HTMLResponse)
async def my_pods_supervision(request: Request, user: User) -> Response:
    """A pod's staff go to their pod's sessions; a head of service chooses a pod first."""
    if len(user.pods) == 1:
        return RedirectResponse(f"/pods/{user.pods[0]}/supervision", status_code=303)
    return RedirectResponse("/pods", status_code=303)


@router.get("/pods/{pod_id}/supervision", response_class=HTMLResponse)
async def sessions(request: Request, user: User, api: Api, pod_id: Id) -> Response:
    """The pod's sessions, newest first, and a form to schedule one."""
    values = {**_today("scheduled_for"), "starts_at": "10:00", "key": str(uuid.uuid4())}
    return await _sessions_page(request, api, pod_id, values, {})


async def _sessions_page(
    request: Request, api: Api, pod_id: str, values: dict[str, str], errors: dict[str, str], status: int = 400
) -> HTMLResponse:
    found = await pod_sessions(api, pod_id)
    context = {"pods": found, "values": values, "errors": errors, "flash": session_of(request).pop("flash", None)}
    return render(request, "supervision.html", context, status_code=status if errors else 200, current="supervision")


@router.post("/pods/{pod_id}/supervision", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def schedule(request: Request, user: User, api: Api, pod_id: Id) -> Response:
    """Schedules a group session on a day (and time)."""
    values = await _form(request)
    body, errors = read_schedule(values)
    if body is None:
        return await _sessions_page(request, api, pod_id, values, errors)
    try:
        made = await commands.schedule(api, pod_id, body, values.get("key") or str(uuid.uuid4()))
    except (BackendUnavailable, BackendProblem) as failure:
        if isinstance(failure, BackendProblem) and failure.status in (401, 403, 404):
            raise
        fields = failure.fields if isinstance(failure, BackendProblem) else {}
        errors = {k: v for k, v in fields.items() if k in ("scheduled_for", "starts_at")}
        values["key"] = str(uuid.uuid4())
        status = 503 if isinstance(failure, BackendUnavailable) else 400
        return await _sessions_page(request, api, pod_id, values, errors or {"": _failed(failure, "session")}, status)
    return RedirectResponse(f"/sessions/{made['id']}", status_code=303)


@router.get("/sessions/{session_id}", response_class=HTMLResponse)
async def a_session(request: Request, user: User, api: Api, session_id: Id) -> Response:
    """The session's agenda, what has been decided, who came; the forms for its next step."""
    values = {**_today("held_on"), "key": str(uuid.uuid4()), "facilitator": user.worker_id or ""}
    if user.worker_id:
        values[f"present-{user.worker_id}"] = "yes"
    return await _session(request, api, session_id, values, {})


async def _session(
    request: Request, api: Api, session_id: str, values: dict[str, str], errors: dict[str, str], status: int = 400
) -> HTMLResponse:
    page = await session_page(api, session_id)
    context = {
        "page": page,
        "values": values,
        "errors": errors,
        "flash": session_of(request).pop("flash", None),
    }
    return render(request, "session.html", context, status_code=status if errors else 200, current="supervision")


@router.post("/sessions/{session_id}/held", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def held(request: Request, user: User, api: Api, session_id: Id) -> Response:
    """Records that the session took place, on a day, and who came."""
    values = await _form(request)
    page = await session_page(api, session_id)
    body, errors = read_held(values, list(page.workers), date.today())
    if body is None:
        return await _session(request, api, session_id, values, errors)
    try:
        await commands.hold(api, session_id, body, values.get("key") or str(uuid.uuid4()))
    except (BackendUnavailable, BackendProblem) as failure:
        if isinstance(failure, BackendProblem) and failure.status in (401, 403, 404):
            raise
        values["key"] = str(uuid.uuid4())
        status = 503 if isinstance(failure, BackendUnavailable) else 400
        return await _session(request, api, session_id, values, {"": _failed(failure, "attendance")}, status)
    session_of(request)["flash"] = {"title": "Session held", "text": "Record each case discussion from the agenda."}
    return RedirectResponse(f"/sessions/{session_id}", status_code=303)


@router.get("/sessions/{session_id}/discussions/new", response_class=HTMLResponse)
async def new_discussion(request: Request, user: User, api: Api, session_id: Id, child_id: ChildId) -> Response:
    """The discussion form for a child on the agenda (and their brothers and sisters on it too)."""
    values = {f"child-{child_id}": "yes", "key": str(uuid.uuid4())}
    return await _discussion(request, api, session_id, child_id, values, {})


async def _discussion(
    request: Request,
    api: Api,
    session_id: str,
    child_id: str,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 400,
) -> HTMLResponse:
    form = await discussion_form(api, session_id, child_id)
    context: dict[str, Any] = {
        "form": form,
        "values": values,
        "errors": errors,
        "mapping": MAPPING,
        "voices": VOICES,
        "rows": range(1, ACTION_ROWS + 1),
    }
    return render(request, "discussion.html", context, status_code=status if errors else 200, current="supervision")


@router.post("/sessions/{session_id}/discussions", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def record_discussion(request: Request, user: User, api: Api, session_id: Id, child_id: ChildId) -> Response:
    """Records the discussion and its decision; the decision reaches each child's story at sign-off."""
    values = await _form(request)
    form = await discussion_form(api, session_id, child_id)
    children = [form.child["id"], *(s["id"] for s in form.siblings)]
    body, errors = read_discussion(values, children, list(form.workers))
    if body is None:
        return await _discussion(request, api, session_id, child_id, values, errors)
    try:
        await commands.record_discussion(api, session_id, body, values.get("key") or str(uuid.uuid4()))
    except (BackendUnavailable, BackendProblem) as failure:
        if isinstance(failure, BackendProblem) and failure.status in (401, 403, 404):
            raise
        values["key"] = str(uuid.uuid4())
        paths = failure.paths if isinstance(failure, BackendProblem) else {}
        errors = discussion_api_errors(paths) or {"": _failed(failure, "discussion")}
        status = 503 if isinstance(failure, BackendUnavailable) else 400
        return await _discussion(request, api, session_id, child_id, values, errors, status)
    session_of(request)["flash"] = {
        "title": "Discussion recorded",
        "text": f"{form.child['given_name']}'s decision goes into their story when the session is signed off.",
    }
    return RedirectResponse(f"/sessions/{session_id}", status_code=303)


@router.post("/sessions/{session_id}/sign-off", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def sign_off(request: Request, user: User, api: Api, session_id: Id) -> Response:
    """Signs the record off as read (If-Match): each child's decision goes to their story."""
    values = await _form(request)
    try:
        await commands.sign_off(api, session_id, values.get("version", ""), values.get("key") or str(uuid.uuid4()))
    except (BackendUnavailable, BackendProblem) as failure:
        if isinstance(failure, BackendProblem) and failure.status in (401, 404):
            raise
        message = _failed(failure, "sign-off").replace("was not saved", "was not made")
        if isinstance(failure, BackendProblem) and failure.status == 412:
            message = "The session changed while you were reading it: check the record, then sign it off again."
        status = 503 if isinstance(failure, BackendUnavailable) else 400
        return await _session(request, api, session_id, {"key": str(uuid.uuid4())}, {"": message}, status)
    session_of(request)["flash"] = {"title": "Session signed off", "text": "Each child's decision is in their story."}
    return RedirectResponse(f"/sessions/{session_id}", status_code=303)
