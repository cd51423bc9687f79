"""Recording a visit once for several brothers and sisters (each child seen or not, seen alone or not), and
writing a case summary: each an entry in the records service, shown in every named child's story; completed at
once, or saved as a draft its author edits and completes later from the entry's page. A refused or failed save
keeps everything typed."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.portal.backend import Backend, BackendProblem, BackendUnavailable
from services.portal.commands.records import write_entry
from services.portal.queries.story import summaries, unless_unknown
from services.portal.rules.summary_form import SECTIONS, read_summary
from services.portal.rules.visit_form import KINDS, STATUSES, api_errors, read_visit

from .errors import SERVICES
from .pages import Api, render
from .session import CsrfChecked, User, session_of

router = APIRouter()
Id = Annotated[str, Path(pattern=r"^[0-9a-fA-F-]{36}$")]


async def _family(api: Backend, child_id: str) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any] | None]:
    """The child, then their brothers and sisters (allocation's family), and records' view of the child (its open
    statuses: what a visit can be for)."""
    child, known = await asyncio.gather(
        api.get("allocation", f"/children/{child_id}"), unless_unknown(api.get("records", f"/children/{child_id}"))
    )
    family = await api.get("allocation", "/children", family_id=child["family_id"], limit=50)
    siblings = [c for c in family["items"] if c["id"] != child_id]
    return child, siblings, known


def _unavailable(failure: BackendUnavailable, what: str) -> str:
    service = SERVICES.get(failure.service, failure.service)
    return f"The {what} was not saved: the {service} service {failure.detail}. Nothing you typed was lost: try again."


def _refused(refused: BackendProblem, what: str) -> str:
    return f"The {what} was not saved: {refused.detail}."


@router.get("/children/{child_id}/visit", response_class=HTMLResponse)
async def visit_form(request: Request, user: User, api: Api, child_id: Id) -> Response:
    """The form: the date, where, what for, and each child of the family who was on the visit."""
    today = date.today()
    values = {
        "occurred_on-day": str(today.day),
        "occurred_on-month": str(today.month),
        "occurred_on-year": str(today.year),
        f"include-{child_id}": "yes",
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "key": str(uuid.uuid4()),
    }
    return await _visit_page(request, api, child_id, values, {})


@router.post("/children/{child_id}/visit", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def record_visit(request: Request, user: User, api: Api, child_id: Id) -> Response:
    """One entry for every child ticked, each with whether they were seen and seen alone; `status=draft` keeps it
    as the worker's draft."""
    values = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    child, siblings, known = await _family(api, child_id)
    children = [(c["id"], c["given_name"]) for c in (child, *siblings)]
    visit, errors = read_visit(values, children, date.today())
    if visit is None:
        return await _visit_page(request, api, child_id, values, errors, found=(child, siblings, known))
    included = [c.child_id for c in visit.children]
    try:
        body = visit.body(values.get("started_at") or None, complete=values.get("status") != "draft")
        written = await write_entry(api, body, values.get("key") or str(uuid.uuid4()))
    except BackendUnavailable as failure:
        errors = {"": _unavailable(failure, "visit")}
        return await _visit_page(request, api, child_id, values, errors, found=(child, siblings, known), status=503)
    except BackendProblem as refused:
        if refused.status in (401, 404):
            raise
        errors = api_errors(refused.paths, included) or {"": _refused(refused, "visit")}
        values["key"] = str(uuid.uuid4())
        return await _visit_page(request, api, child_id, values, errors, found=(child, siblings, known))
    if written["status"] == "draft":
        return _draft_saved(request, written, "visit", child_id)
    names = [name for cid, name in children if cid in included]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    session_of(request)["flash"] = {"title": "Visit recorded", "text": f"The visit is in {listed}'s story."}
    return RedirectResponse(f"/children/{child_id}", status_code=303)


def _draft_saved(request: Request, written: dict[str, Any], what: str, child_id: str) -> RedirectResponse:
    """To the draft's own page, where it is edited and completed; My work lists it until then."""
    session_of(request)["flash"] = {
        "title": f"Draft {what} saved",
        "text": "You can change it until you complete it; My work lists your drafts till then.",
    }
    return RedirectResponse(f"/entries/{written['id']}?next=/children/{child_id}%23story", status_code=303)


async def _visit_page(
    request: Request,
    api: Backend,
    child_id: str,
    values: dict[str, str],
    errors: dict[str, str],
    *,
    found: tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any] | None] | None = None,
    status: int = 400,
) -> HTMLResponse:
    child, siblings, known = found or await _family(api, child_id)
    open_statuses = [s["kind"] for s in (known or {}).get("statuses", []) if s["end"] is None and s["kind"] in STATUSES]
    if not values.get("serves_status") and open_statuses and not errors:
        values = {**values, "serves_status": open_statuses[-1]}  # the child's latest plan, the visit's usual reason
    context = {
        "child": child,
        "children": [child, *siblings],
        "values": values,
        "errors": errors,
        "kinds": KINDS,
        "statuses": list(STATUSES.items()),
    }
    return render(request, "visit.html", context, status_code=status if errors else 200, current="children")


@router.get("/children/{child_id}/case-summary", response_class=HTMLResponse)
async def summary_form(request: Request, user: User, api: Api, child_id: Id) -> Response:
    """The form, with when the case's next summary is due."""
    today = date.today()
    values = {
        "occurred_on-day": str(today.day),
        "occurred_on-month": str(today.month),
        "occurred_on-year": str(today.year),
        "key": str(uuid.uuid4()),
    }
    return await _summary_page(request, api, child_id, values, {})


@router.post("/children/{child_id}/case-summary", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def write_summary(request: Request, user: User, api: Api, child_id: Id) -> Response:
    """A case summary of the child's open case, completed (or `status=draft`: kept as the worker's draft)."""
    values = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    child, case = await _child_and_case(api, child_id)
    if case is None:
        return await _summary_page(request, api, child_id, values, {"": "The child has no open case to summarise."})
    complete = values.get("status") != "draft"
    body, errors = read_summary(values, case["id"], child_id, date.today(), complete=complete)
    if body is None:
        return await _summary_page(request, api, child_id, values, errors)
    try:
        written = await write_entry(api, body, values.get("key") or str(uuid.uuid4()))
    except BackendUnavailable as failure:
        return await _summary_page(request, api, child_id, values, {"": _unavailable(failure, "summary")}, status=503)
    except BackendProblem as refused:
        if refused.status in (401, 404):
            raise
        known = {"occurred_on", "purpose", *(name for name, _, _ in SECTIONS)}
        errors = {k: v[:1].upper() + v[1:] for k, v in refused.fields.items() if k in known}
        values["key"] = str(uuid.uuid4())
        return await _summary_page(request, api, child_id, values, errors or {"": _refused(refused, "summary")})
    if written["status"] == "draft":
        return _draft_saved(request, written, "case summary", child_id)
    session_of(request)["flash"] = {"title": "Case summary saved", "text": f"It is in {child['given_name']}'s story."}
    return RedirectResponse(f"/children/{child_id}", status_code=303)


async def _child_and_case(api: Backend, child_id: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    child, cases = await asyncio.gather(
        api.get("allocation", f"/children/{child_id}"), api.get("allocation", f"/children/{child_id}/cases")
    )
    return child, next((case for case in reversed(cases) if case["closed_on"] is None), None)


async def _summary_page(
    request: Request, api: Backend, child_id: str, values: dict[str, str], errors: dict[str, str], status: int = 400
) -> HTMLResponse:
    child, case = await _child_and_case(api, child_id)
    due = await summaries(api, case["id"]) if case else None
    context = {"child": child, "case": case, "due": due, "values": values, "errors": errors, "sections": SECTIONS}
    return render(request, "case_summary.html", context, status_code=status if errors else 200, current="children")
