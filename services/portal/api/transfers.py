"""Starting a transfer: choose the receiving worker, the reason and the date; see the continuity cost the
allocation service prices; confirm. Nothing changes before the confirmation, and a failed confirmation keeps
what was chosen."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.portal.backend import Backend, BackendProblem, BackendUnavailable
from services.portal.commands.transfers import transfer
from services.portal.queries.transfers import TransferForm, preview, transfer_form
from services.portal.rules.transfer_form import REASONS, read_transfer

from .errors import SERVICES
from .pages import Api, render
from .session import CsrfChecked, User, session_of

router = APIRouter()
Id = Annotated[str, Path(pattern=r"^[0-9a-fA-F-]{36}$")]
FIELDS = ("to_worker_id", "reason", "effective_date-day", "effective_date-month", "effective_date-year")


def _typed(form: dict[str, str]) -> dict[str, str]:
    return {name: str(form.get(name, "")) for name in (*FIELDS, "version", "key")}


@router.get("/cases/{case_id}/transfer", response_class=HTMLResponse)
async def transfer_page(request: Request, user: User, api: Api, case_id: Id) -> Response:
    """The form, or with the fields filled in (the Preview button, or htmx as they change), the continuity cost."""
    values = _typed(dict(request.query_params))
    form = await transfer_form(api, case_id)
    if not any(values[name] for name in FIELDS):
        today = date.today()
        values.update({"effective_date-day": str(today.day), "effective_date-month": str(today.month)})
        values["effective_date-year"] = str(today.year)
        return _page(request, form, values, {})
    choice, errors = read_transfer(values, date.today())
    if choice is None and request.headers.get("HX-Request"):
        return _page(request, form, values, {})  # still choosing: no preview yet, and no error while they type
    if choice is None:
        return _page(request, form, values, errors)
    try:
        priced = await preview(api, case_id, choice.to_worker_id, choice.effective_date)
    except BackendProblem as refused:
        if refused.status in (401, 403, 404):
            raise
        return _page(request, form, values, _field_errors(refused))
    values["version"], values["key"] = form.version, str(uuid.uuid4())
    return _page(request, TransferForm(**{**form.__dict__, "preview": priced}), values, {})


@router.post("/cases/{case_id}/transfer", response_class=HTMLResponse, dependencies=[CsrfChecked])
async def confirm_transfer(request: Request, user: User, api: Api, case_id: Id) -> Response:
    """Makes the transfer (or, above the continuity threshold, the request for approval) as previewed."""
    values = _typed({k: str(v) for k, v in (await request.form()).items()})
    choice, errors = read_transfer(values, date.today())
    if choice is None:
        return _page(request, await transfer_form(api, case_id), values, errors)
    try:
        done = await transfer(api, case_id, choice, values["version"], values["key"])
    except BackendUnavailable as failure:
        return await _again(request, api, case_id, values, {"": _unavailable(failure)}, status=503)
    except BackendProblem as refused:
        if refused.status in (401, 403, 404):
            raise
        return await _again(request, api, case_id, values, _field_errors(refused))
    form = await transfer_form(api, case_id)
    names = {w["id"]: w["name"] for w in form.workers}
    receiver = names.get(choice.to_worker_id, "the worker you chose")
    if done["outcome"] == "awaiting_approval":
        flash = {"title": "Transfer sent for approval", "text": f"A pod manager must approve the move to {receiver}."}
    else:
        flash = {"title": "Case transferred", "text": f"{receiver} now holds the case. {done['cost']['summary']}"}
    session_of(request)["flash"] = flash
    return RedirectResponse(f"/children/{form.child['id']}", status_code=303)


async def _again(
    request: Request, api: Backend, case_id: str, values: dict[str, str], errors: dict[str, str], status: int = 400
) -> HTMLResponse:
    """The form again with what the user chose, and why it did not go through (with a new Idempotency-Key: the
    refused attempt keeps its own)."""
    values = {**values, "key": str(uuid.uuid4())}
    try:
        form = await transfer_form(api, case_id)
    except BackendUnavailable as failure:
        form = None
        errors = {"": _unavailable(failure)}
    return _page(request, form, values, errors, status=status)


def _unavailable(failure: BackendUnavailable) -> str:
    service = SERVICES.get(failure.service, failure.service)
    return f"The transfer was not made: the {service} service {failure.detail}. Try again in a few minutes."


def _field_errors(refused: BackendProblem) -> dict[str, str]:
    if refused.status == 412:
        return {"": "The case changed while you were looking at it. Check the continuity cost again, then confirm."}
    if refused.status == 409:
        return {"": f"The transfer was not made: {refused.detail}."}
    known = {"to_worker_id", "reason", "effective_date"}
    errors = {name: message for name, message in refused.fields.items() if name in known}
    return errors or {"": f"The transfer was not made: {refused.detail}."}


def _page(
    request: Request, form: TransferForm | None, values: dict[str, str], errors: dict[str, str], status: int = 200
) -> HTMLResponse:
    context = {"form": form, "values": values, "errors": errors, "reasons": REASONS}
    return render(request, "transfer.html", context, status_code=status if not errors or status != 200 else 400)
