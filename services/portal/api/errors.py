"""What a page shows when something fails: a service down or slow (503, saying which), a page the APIs refuse
(403) or do not know (404), a session that has ended (back to sign in, then to the page)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from services.portal.backend import BackendProblem, BackendUnavailable

from .pages import render
from .session import CsrfRefused, SignInNeeded, session_of

SERVICES = {"allocation": "allocation", "kpi": "performance figures"}


def install_error_pages(app: FastAPI) -> None:
    app.add_exception_handler(SignInNeeded, _sign_in)
    app.add_exception_handler(BackendUnavailable, _unavailable)
    app.add_exception_handler(BackendProblem, _problem)
    app.add_exception_handler(CsrfRefused, _csrf)
    app.add_exception_handler(HTTPException, _http)


async def _sign_in(request: Request, _: Exception) -> Response:
    after = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/sign-in?next={quote(after)}", status_code=303)


def unavailable_page(request: Request, failure: BackendUnavailable) -> HTMLResponse:
    service = SERVICES.get(failure.service, failure.service)
    return render(
        request,
        "error.html",
        {
            "title": "Sorry, there is a problem with the service",
            "lines": [f"The {service} service {failure.detail}.", "Try again later. Nothing you typed was lost."],
        },
        status_code=503,
    )


async def _unavailable(request: Request, failure: Exception) -> Response:
    assert isinstance(failure, BackendUnavailable)
    return unavailable_page(request, failure)


async def _problem(request: Request, problem: Exception) -> Response:
    assert isinstance(problem, BackendProblem)
    if problem.status == 401:
        session_of(request).pop("user", None)
        return await _sign_in(request, problem)
    if problem.status == 403:
        return render(
            request,
            "error.html",
            {"title": "You cannot see this page", "lines": [f"{problem.detail[:1].upper()}{problem.detail[1:]}."]},
            status_code=403,
        )
    if problem.status == 404:
        return not_found(request)
    return render(request, "error.html", {"title": "There is a problem", "lines": [problem.detail]}, status_code=400)


async def _csrf(request: Request, _: Exception) -> Response:
    return render(
        request,
        "error.html",
        {
            "title": "This form has expired",
            "lines": ["For your security the form could not be sent. Go back, reload the page and try again."],
        },
        status_code=400,
    )


def not_found(request: Request) -> HTMLResponse:
    lines = ["If you typed the web address, check it is correct.", "If you followed a link, the record may have moved."]
    return render(request, "error.html", {"title": "Page not found", "lines": lines}, status_code=404)


async def _http(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if error.status_code == 404:
        return not_found(request)
    if error.status_code == 405:
        return render(request, "error.html", {"title": "Page not found", "lines": []}, status_code=405)
    return render(request, "error.html", {"title": "There is a problem", "lines": [str(error.detail)]}, status_code=400)
