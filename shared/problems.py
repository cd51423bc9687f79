"""RFC 9457 problem details for every error: never a stack trace, always the offending field."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger(__name__)


class FieldError(BaseModel):
    field: str = Field(description="The offending field: `body.<name>`, `query.<name>`, a header's name, ...")
    message: str


class ProblemDetails(BaseModel):
    """RFC 9457 problem details, as every error is answered (`application/problem+json`)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = Field(default=None, description="For bad input: each offending field.")


class Problem(Exception):
    status = 400
    title = "Bad request"

    def __init__(self, detail: str, *, field: str | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": f"https://continuum.example/problems/{self.title.lower().replace(' ', '-')}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.field:
            body["errors"] = [{"field": self.field, "message": self.detail}]
        return body


class Invalid(Problem):
    status, title = 422, "Invalid request"


class Unauthorized(Problem):
    status, title = 401, "Unauthorized"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(Problem):
    status, title = 403, "Forbidden"


class NotFound(Problem):
    status, title = 404, "Not found"


class Conflict(Problem):
    status, title = 409, "Conflict"


class PreconditionFailed(Problem):
    status, title = 412, "Precondition failed"


class PreconditionRequired(Problem):
    status, title = 428, "Precondition required"


def problem_response(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _field_name(location: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(part) for part in location if part not in ("body",)]
    return ".".join(parts) or "body"


async def _on_problem(_request: Request, problem: Exception) -> JSONResponse:
    assert isinstance(problem, Problem)
    return JSONResponse(problem.body(), status_code=problem.status, media_type=PROBLEM_JSON, headers=problem.headers)


async def _on_validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [{"field": _field_name(e.get("loc", ())), "message": e.get("msg", "invalid")} for e in error.errors()]
    fields = ", ".join(e["field"] for e in errors)
    return problem_response(422, "Invalid request", f"invalid fields: {fields}", errors=errors)


async def _on_http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    title = {404: "Not found", 405: "Method not allowed", 401: "Unauthorized", 403: "Forbidden"}.get(
        error.status_code, "Error"
    )
    response = problem_response(error.status_code, title, str(error.detail))
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


async def _on_lost_race(_request: Request, error: Exception) -> JSONResponse:
    # Two requests passed their checks and collided in the database: a version moved on, or a unique key.
    detail = "someone else changed this at the same moment; fetch it again and retry"
    if isinstance(error, IntegrityError) and (rule := _broken_rule(error)):
        detail = f"someone else made a conflicting change at the same moment ({rule}); fetch it again and retry"
    return problem_response(409, "Conflict", detail)


def _broken_rule(error: IntegrityError) -> str | None:
    """The constraint's name as words (e.g. "one open case per child"), where the driver reports it: asyncpg
    does; SQLite names only the columns."""
    name = getattr(getattr(error.orig, "orig", None), "constraint_name", None)
    return name.replace("_", " ") if isinstance(name, str) else None


_SERVER_GOING_AWAY = frozenset({"57P01", "57P02", "57P03"})


def dependency_down(error: BaseException) -> bool:
    """The database or a connection to it is unavailable (restarting, unreachable, out of connections): the
    request was not wrong and may succeed when retried."""
    if isinstance(error, OperationalError | InterfaceError | PoolTimeout | DisconnectionError | ConnectionError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    driver_error = getattr(error.orig, "orig", None) or getattr(error.orig, "__cause__", None)
    sqlstate = str(getattr(driver_error, "sqlstate", None) or getattr(error.orig, "sqlstate", None) or "")
    # SQLSTATE class 08 (connection exception) and 57P01-03 (the server shutting down, crashed, starting up).
    return error.connection_invalidated or sqlstate.startswith("08") or sqlstate in _SERVER_GOING_AWAY


async def _on_unexpected(request: Request, error: Exception) -> JSONResponse:
    if dependency_down(error):
        log.warning("http.dependency_down", path=request.url.path, error=type(error).__name__)
        response = problem_response(
            503, "Service unavailable", "a service this depends on is unavailable; retry shortly"
        )
        response.headers["Retry-After"] = "5"
        return response
    log.exception("http.unhandled_error", path=request.url.path, error=type(error).__name__)
    return problem_response(500, "Internal server error", "something went wrong on our side; it has been logged")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(StaleDataError, _on_lost_race)
    app.add_exception_handler(IntegrityError, _on_lost_race)
    app.add_exception_handler(OperationalError, _on_unexpected)
    app.add_exception_handler(InterfaceError, _on_unexpected)
    app.add_exception_handler(DBAPIError, _on_unexpected)
    app.add_exception_handler(Exception, _on_unexpected)
