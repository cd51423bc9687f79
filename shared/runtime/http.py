"""What every service's HTTP API shares: routes that run in a unit of work, strict query parameters, ETag and
If-Match, cursor pagination, and the problem+json answers each route documents.

A route authorises (its dependencies), makes one command or query call, and presents the result. The route class
commits the unit of work after the response is rendered and before it is sent, with the response an
`Idempotency-Key` replays in the same transaction; a route that raises is rolled back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine, Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel

from shared.problems import PROBLEM_JSON, Invalid, PreconditionFailed, PreconditionRequired
from shared.runtime.consistency import HEADER, token_for, wait_for_consistency
from shared.runtime.runner import ServiceRuntime
from shared.runtime.unit_of_work import KeptResponse, Reservation, UnitOfWork

_UNIT_OF_WORK = "continuum.unit_of_work"
RESERVATION = "continuum.idempotency_reservation"
RESPONSE_KEPT = "continuum.idempotency_response_kept"
_REPLAYED_HEADERS = ("location", "etag", "content-type", HEADER.lower())


class UnitOfWorkRoute(APIRoute):
    """Runs the endpoint in a unit of work of the service's runtime, and documents the problems it can answer."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        methods = {method.upper() for method in options.get("methods") or ["GET"]}
        if methods == {"GET"}:
            options["dependencies"] = [*(options.get("dependencies") or []), Depends(wait_for_consistency)]
        responses = _problems_for(path, methods)
        for status, documented in (options.get("responses") or {}).items():
            # A route's own words for a problem keep the problem+json body every problem has.
            responses[status] = {**responses.get(int(status), {}), **documented}
        options["responses"] = responses
        super().__init__(path, endpoint, **options)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handle_in_a_unit_of_work(request: Request) -> Response:
            async with request.app.state.runtime.unit_of_work() as uow:
                request.scope[_UNIT_OF_WORK] = uow
                response = await handle(request)
                if response.status_code < 400:
                    await uow.flush()
                    if token := token_for(uow.published):
                        response.headers[HEADER] = token
                    reservation: Reservation | None = request.scope.get(RESERVATION)
                    if reservation is not None:
                        uow.keep_response(reservation, _kept(response))
                    await uow.commit()
                    request.scope[RESPONSE_KEPT] = reservation is not None
                return response

        return handle_in_a_unit_of_work


def _kept(response: Response) -> KeptResponse:
    headers = {
        name.decode(): value.decode()
        for name, value in response.raw_headers
        if name.decode().lower() in _REPLAYED_HEADERS
    }
    return KeptResponse(response.status_code, headers, bytes(response.body))


def current_unit_of_work(request: Request) -> UnitOfWork:
    uow: UnitOfWork = request.scope[_UNIT_OF_WORK]
    return uow


UnitOfWorkDep = Annotated[UnitOfWork, Depends(current_unit_of_work)]


def current_runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[ServiceRuntime, Depends(current_runtime)]


async def refuse_unknown_query_parameters(request: Request) -> None:
    """A query parameter the endpoint does not take is refused, not ignored: a misspelt filter (`?pod=` for
    `?pod_id=`) would otherwise return everything, and the caller would never know."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _known_by_route.get(id(route))
    if known is None:
        known = _known_by_route[id(route)] = frozenset(_query_names(dependant))
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        raise Invalid(
            f"unknown query parameters: {', '.join(map(repr, unknown))}; this takes {takes}",
            field=f"query.{unknown[0]}",
        )


_known_by_route: dict[int, frozenset[str]] = {}


def _query_names(dependant: Any) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def service_router(*, tags: Sequence[str] = ()) -> APIRouter:
    """The router every API module of every service uses."""
    return APIRouter(
        tags=list(tags), route_class=UnitOfWorkRoute, dependencies=[Depends(refuse_unknown_query_parameters)]
    )


# ETag and If-Match ---------------------------------------------------------------------------------------------


def etag(version: int) -> str:
    return f'"{version}"'


def check_if_match(if_match: str | None, version: int, *, what: str = "the resource", required: bool = False) -> None:
    """412 when `If-Match` names another version; 428 when it is required and missing."""
    if if_match is None:
        if required:
            raise PreconditionRequired(f"send If-Match with {what}'s ETag", field="If-Match")
        return
    if if_match.strip() not in (etag(version), f"W/{etag(version)}", "*"):
        raise PreconditionFailed(
            f"{what} has changed (now {etag(version)}); fetch it again and retry", field="If-Match"
        )


IfMatch = Annotated[str | None, Header(alias="If-Match", description="The resource's ETag, from its GET.")]


# Cursor pagination ---------------------------------------------------------------------------------------------

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def page_of(rows: Sequence[T], limit: int, cursor_of: Callable[[T], object]) -> tuple[list[T], str | None]:
    """Rows fetched with `limit + 1`: the page, and the cursor of its last row when more follow."""
    page = list(rows[:limit])
    return page, (str(cursor_of(page[-1])) if len(rows) > limit else None)


def uuid_cursor(value: str | None) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Invalid("cursor is not one this API gave out", field="query.cursor") from None


# Problem answers in the OpenAPI --------------------------------------------------------------------------------


def _problem(description: str, status: int, title: str, detail: str, field: str | None = None) -> dict[str, Any]:
    example: dict[str, Any] = {
        "type": f"https://continuum.example/problems/{title.lower().replace(' ', '-')}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if field:
        example["errors"] = [{"field": field, "message": detail}]
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}, "example": example}},
    }


def _problems_for(path: str, methods: set[str]) -> dict[int | str, dict[str, Any]]:
    problems: dict[int | str, dict[str, Any]] = {
        401: _problem("No valid bearer token", 401, "Unauthorized", "a bearer token is required"),
        403: _problem("The caller's role or pod may not do this", 403, "Forbidden", "this case belongs to another pod"),
        422: _problem(
            "Bad input: the offending fields are named", 422, "Invalid request", "invalid fields: limit", "query.limit"
        ),
        503: _problem("A dependency is down; retry after Retry-After", 503, "Service unavailable", "try again"),
    }
    if "{" in path:
        problems[404] = _problem("No such resource", 404, "Not found", "no case 6f1c…", "case_id")
    if methods & {"POST", "PUT", "PATCH", "DELETE"}:
        problems[400] = _problem("The body is not JSON", 400, "Bad request", "the body is not valid JSON", "body")
        problems[409] = _problem("Conflicts with the current state", 409, "Conflict", "the case is closed", "case_id")
        problems[412] = _problem("If-Match names an older version", 412, "Precondition failed", "the case has changed")
        problems[413] = _problem("The body is too large", 413, "Payload too large", "the request body is too large")
    return problems
