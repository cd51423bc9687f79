"""A leaver's reallocation or a recalibration: its moves, then applied or rejected by the pod manager."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.portal.backend import Backend, BackendProblem, BackendUnavailable
from services.portal.commands.plans import apply_plan, reject_plan
from services.portal.queries.plans import plan_page
from services.portal.rules.dates import read_date

from .errors import SERVICES
from .pages import Api, render
from .session import CsrfChecked, User, session_of

router = APIRouter()
Id = Annotated[str, Path(pattern=r"^[0-9a-fA-F-]{36}$")]
WHAT = "the date the moves take effect"


@router.get("/pods/{pod_id}/plans/{plan_id}", response_class=HTMLResponse)
async def plan(request: Request, user: User, api: Api, pod_id: Id, plan_id: Id) -> Response:
    """Every move with its continuity cost, and the forms to apply or reject the plan."""
    today = date.today()
    values = {"effective_date-day": str(today.day), "effective_date-month": str(today.month)}
    values |= {"effective_date-year": str(today.year), "note": "", "key": str(uuid.uuid4())}
    return await _page(request, api, pod_id, plan_id, values, {})


@router.post("/pods/{pod_id}/plans/{plan_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def decide(
    request: Request,
    user: User,
    api: Api,
    pod_id: Id,
    plan_id: Id,
    decision: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
    key: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    form = await request.form()
    values = {name: str(form.get(name, "")) for name in ("effective_date-day", "effective_date-month")}
    values |= {"effective_date-year": str(form.get("effective_date-year", "")), "note": note, "key": key}
    effective, problem = read_date(
        values["effective_date-day"], values["effective_date-month"], values["effective_date-year"], what=WHAT
    )
    if decision == "apply" and (problem or effective is None):
        return await _page(request, api, pod_id, plan_id, values, {"effective_date": problem or f"Enter {WHAT}"})
    # A refused attempt keeps its Idempotency-Key (a retry of it gets the same refusal): the next try needs a new one.
    key, values["key"] = key, str(uuid.uuid4())
    try:
        if decision == "apply" and effective is not None:
            await apply_plan(api, plan_id, effective, note, f"{key}-apply")
            flash = {"title": "Plan applied", "text": "Every move in the plan has been made as a transfer."}
        else:
            await reject_plan(api, plan_id, note, f"{key}-reject")
            flash = {"title": "Plan rejected", "text": "Every case stays where it is."}
    except BackendUnavailable as failure:
        service = SERVICES.get(failure.service, failure.service)
        errors = {"": f"Nothing was decided: the {service} service {failure.detail}. Try again in a few minutes."}
        return await _page(request, api, pod_id, plan_id, values, errors, status=503)
    except BackendProblem as refused:
        if refused.status in (401, 403, 404):
            raise
        field = "effective_date" if "effective_date" in refused.fields else ""
        return await _page(request, api, pod_id, plan_id, values, {field: f"Nothing was decided: {refused.detail}."})
    session_of(request)["flash"] = flash
    return RedirectResponse(f"/pods/{pod_id}", status_code=303)


async def _page(
    request: Request,
    api: Backend,
    pod_id: str,
    plan_id: str,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    found = await plan_page(api, pod_id, plan_id)
    context = {"found": found, "values": values, "errors": errors}
    return render(request, "plan.html", context, status_code=status if status != 200 or not errors else 400)
