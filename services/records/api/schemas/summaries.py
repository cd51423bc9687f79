"""Case summaries, their cadence and when the next is due."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from services.records.api.schemas.entries import EntryOut
from shared.runtime.bodies import In, UtcDateTime, example


class CadenceIn(In):
    model_config = example(weeks=2)
    weeks: int = Field(ge=1, le=52, description="A case summary is due this many weeks after the last.")


class SummaryDueOut(BaseModel):
    case_id: uuid.UUID
    child_id: uuid.UUID | None
    cadence_weeks: int
    cadence_set_by: str | None = Field(description="The pod manager who set it; null while the default applies.")
    cadence_set_at: UtcDateTime | None
    last_summary_on: date | None
    due_on: date | None = Field(description="Null once the case is closed.")
    overdue: bool
    days_overdue: int


class CaseSummariesOut(SummaryDueOut):
    as_at: date
    summaries: list[EntryOut] = Field(description="Completed summaries, newest first.")


class PodSummariesOut(BaseModel):
    pod_id: uuid.UUID
    as_at: date
    cases: list[SummaryDueOut]


class CadenceOut(BaseModel):
    case_id: uuid.UUID
    weeks: int
    set_by: str
    set_at: UtcDateTime
    version: int
