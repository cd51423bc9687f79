"""Visit clocks: last seen, seen alone, next due and overdue, per status."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from services.records.api.schemas.entries import AMY
from shared.runtime.bodies import response_example
from shared.vocabulary import StatusKindCode, VisitKindCode


class StatusClockOut(BaseModel):
    status: StatusKindCode
    interval: str = Field(description="e.g. every 6 weeks, every 10 working days")
    since: date = Field(description="The later of the status's start and the day the child was last seen.")
    due_on: date
    overdue: bool
    days_overdue: int


class VisitOut(BaseModel):
    entry_id: uuid.UUID
    occurred_on: date
    visit_kind: VisitKindCode
    serves_status: StatusKindCode
    seen: bool
    seen_alone: bool


class VisitClockOut(BaseModel):
    model_config = response_example(
        child_id=AMY,
        as_at="2016-03-14",
        last_seen="2016-03-01",
        last_seen_alone="2016-03-01",
        next_due="2016-03-15",
        overdue=False,
        clocks=[
            {
                "status": "CP",
                "interval": "every 10 working days",
                "since": "2016-03-01",
                "due_on": "2016-03-15",
                "overdue": False,
                "days_overdue": 0,
            }
        ],
        visits=[],
    )
    child_id: uuid.UUID
    as_at: date
    last_seen: date | None
    last_seen_alone: date | None
    next_due: date | None = Field(description="The earliest due date of the child's open statuses.")
    overdue: bool
    clocks: list[StatusClockOut]
    visits: list[VisitOut] = Field(default_factory=list, description="The latest completed visits, newest first.")


class PodVisitsOut(BaseModel):
    pod_id: uuid.UUID
    as_at: date
    children: list[VisitClockOut]
