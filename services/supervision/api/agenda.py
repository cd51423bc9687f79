"""The agenda: the pod's cases due for discussion or flagged since their last one, in order, each with why."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Query

from services.supervision.api.callers import Reader
from services.supervision.api.schemas.agenda import AgendaItemOut, AgendaOut, ReasonOut
from services.supervision.api.schemas.days import Day
from services.supervision.queries import agenda as queries
from services.supervision.queries import scope
from services.supervision.settings import Settings
from shared.runtime.http import UnitOfWorkDep, service_router

router = service_router(tags=["agenda"])


def agenda_out(agenda: queries.Agenda) -> AgendaOut:
    return AgendaOut(
        pod_id=agenda.pod_id,
        session_id=agenda.session_id,
        as_at=agenda.as_at,
        cases_held=agenda.cases_held,
        on_agenda=len(agenda.items),
        items=[
            AgendaItemOut(
                rank=rank,
                child_id=item.case.child_id,
                la_child_id=item.case.la_child_id or None,
                case_id=item.case.case_id,
                family_id=item.case.family_id,
                worker_id=item.case.holding.worker_id,
                statuses=list(item.open_statuses),
                last_discussed_on=item.case.last_discussed_on,
                due_on=item.due_on,
                interval_weeks=item.interval_weeks,
                reasons=[ReasonOut(code=r.code, detail=r.detail, since=r.since) for r in item.reasons],
                discussed_in_this_session=item.case.discussed_in_session,
            )
            for rank, item in enumerate(agenda.items, start=1)
        ],
    )


@router.get("/sessions/{session_id}/agenda", response_model=AgendaOut)
async def session_agenda(session_id: uuid.UUID, uow: UnitOfWorkDep, principal: Reader, settings: Settings) -> AgendaOut:
    """The session's agenda, as at its day: every case the pod holds that is due (each at least every N weeks by
    its statuses, `CONTINUUM_SUPERVISION_DISCUSSION_INTERVAL_WEEKS`), or flagged since it was last discussed:
    newly allocated, transferred in, a new worker or none yet, a status started or ended, a scaling drop of 2 or
    more points, actions past due. Safety first, then what is new, then the calendar; siblings side by side. What
    this session has discussed already is marked."""
    session = await scope.session_for(uow, principal, session_id, "read", "/agenda")
    agenda = await queries.agenda_of(uow, principal, session.pod_id, session.day, settings.agenda_policy(), session)
    return agenda_out(agenda)


@router.get("/pods/{pod_id}/agenda", response_model=AgendaOut)
async def pod_agenda(
    pod_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: Reader,
    settings: Settings,
    as_at: Annotated[Day | None, Query(description="Defaults to today")] = None,
) -> AgendaOut:
    """What the pod's agenda would be on a day, without a session: the same rule as a session's agenda."""
    scope.pod_for(uow, principal, pod_id, "read", "/agenda")
    return agenda_out(await queries.agenda_of(uow, principal, pod_id, as_at or date.today(), settings.agenda_policy()))
