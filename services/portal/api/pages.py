"""Rendering a page: the GOV.UK template, the navigation the user is offered, the form's CSRF token, and how many
API calls the page made (`Server-Timing`, which make bench reads)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from services.portal.backend import Backend
from services.portal.rules import caseload, dates, history, navigation
from services.portal.rules.story_filters import TYPES
from services.portal.settings import portal_settings

from .session import SignedIn, User, csrf_token, signed_in

templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
templates.env.filters.update(long_date=dates.long_date, month_name=dates.month_name, points=caseload.points)
templates.env.filters["safe_highlight"] = lambda fragment: Markup(history.highlight(fragment))  # noqa: S704 (escaped)
templates.env.globals.update(
    fullness=caseload.fullness, status_labels=caseload.status_labels, status_detail=caseload.status_detail
)
# A story's tag is short: "Automatic" says what "Recorded by the system" does, in a tag that fits on one line.
templates.env.filters["sentence"] = lambda text: text[:1].upper() + text[1:]  # Jinja's capitalize lowers the rest
templates.env.globals["author_name"] = history.author
templates.env.globals["entry_type_label"] = lambda code: (
    "Automatic" if code == "system" else dict(TYPES).get(code, code)
)
SERVICE_NAME = "Continuum"


def render(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200, current: str = ""
) -> HTMLResponse:
    user = signed_in(request)
    backend: Backend | None = getattr(request.state, "backend", None)
    page = {
        "service_name": SERVICE_NAME,
        "user": user,
        "navigation": navigation.pages_for(user.roles, user.worker_id) if user else [],
        "current": current,
        "csrf_token": csrf_token(request),
        "today": date.today(),
        **context,
    }
    response = templates.TemplateResponse(request, template, page, status_code=status_code)
    if backend is not None:
        log = backend.log
        response.headers["Server-Timing"] = f'api;dur={log.seconds * 1000:.1f};desc="{log.calls} calls"'
    return response


async def backend_for(request: Request, user: User) -> Backend:
    """The APIs as this user: their bearer token on every call."""
    backend = Backend(request.app.state.api_client, portal_settings(), user.token)
    request.state.backend = backend
    return backend


Api = Annotated[Backend, Depends(backend_for)]
__all__ = ["Api", "SignedIn", "render"]
