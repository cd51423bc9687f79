"""What every KPI response shares: who may ask, and the as-at and freshness stamped on each figure."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

import orjson
from fastapi import Depends, Response

from services.kpi.queries.read_model import Freshness
from shared.auth import Principal, Role, require_roles

# The statutory returns officer checks a return's figures against the national measures: aggregates, never rows.
AGGREGATE_READERS = (
    Role.performance_analyst,
    Role.statutory_returns_officer,
    Role.pod_manager,
    Role.head_of_service,
    Role.system,
)
AggregateReader = Annotated[Principal, Depends(require_roles(*AGGREGATE_READERS))]
ChildRowReader = Annotated[Principal, Depends(require_roles(Role.pod_manager, Role.head_of_service))]

# The years a figure can be computed for: a date outside them is a 422 naming the parameter, not a 500.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


def _default(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def stamped(as_at: date, figure: Any, mark: Freshness, **extra: Any) -> Response:
    """The figure with the as-at date it used and the freshness of the read model it was computed from."""
    body = {
        "as_at": as_at,
        "computed_at": datetime.now(UTC),
        "freshness": {"last_event_time": mark.last_event_time, "last_applied_at": mark.last_applied_at},
        **extra,
        "figure": figure,
    }
    return Response(orjson.dumps(body, default=_default), media_type="application/json")
