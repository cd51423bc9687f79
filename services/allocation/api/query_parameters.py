"""A query parameter the endpoint does not take is refused, not ignored: a misspelt filter (`?pod=` for
`?pod_id=`) would otherwise return everything, and the caller would never know."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from shared.problems import Invalid

_known_by_route: dict[int, frozenset[str]] = {}


async def refuse_unknown_query_parameters(request: Request) -> None:
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


def _query_names(dependant: Any) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names
