"""Counts of supervision per pod, for analysts and managers: nobody named."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated

from fastapi import Query

from services.supervision.api.callers import Counter
from services.supervision.api.schemas.counts import CountsOut
from services.supervision.api.schemas.days import Day
from services.supervision.queries import counts as queries
from services.supervision.queries import scope
from shared.problems import Invalid
from shared.runtime.http import UnitOfWorkDep, service_router

router = service_router(tags=["counts"])


@router.get("/counts", response_model=CountsOut)
async def supervision_counts(
    uow: UnitOfWorkDep,
    principal: Counter,
    from_: Annotated[Day | None, Query(alias="from", description="Defaults to 12 weeks before `to`")] = None,
    to: Annotated[Day | None, Query(description="Defaults to today")] = None,
    pod_id: Annotated[uuid.UUID | None, Query(description="Only this pod")] = None,
) -> CountsOut:
    """Per pod and for the service, from `from` to `to` (inclusive): children held (on `to`), sessions held,
    signed off and cancelled, children discussed, decisions, scaling scores, actions set, done, cancelled and
    overdue (on `to`), reflective practice sessions and case audits. Counts only: no child is named. A pod
    manager sees their own pods."""
    until = to or date.today()
    since = from_ or until - timedelta(weeks=12)
    if since > until:
        raise Invalid("from is after to", field="query.from")
    by_pod = await queries.counts(uow, since, until, scope.counted_pods(principal, pod_id))
    return CountsOut.model_validate(
        {"from": since, "to": until, "service": queries.service_total(by_pod.values()), "pods": by_pod}
    )
