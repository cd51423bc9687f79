"""The records service's settings (prefix `CONTINUUM_RECORDS_`), with defaults from English practice."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Annotated

from fastapi import Depends
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.records.rules.visits import VisitIntervals
from shared.calendar import WorkingDays
from shared.runtime import ServiceSettings


class RecordsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_RECORDS_", extra="ignore")

    visit_weeks_looked_after: int = Field(default=6, ge=1, le=26)
    """A looked-after child is visited at least every 6 weeks: Care Planning, Placement and Case Review (England)
    Regulations 2010, reg. 28 (the maximum for a placement's first year; the council may set a shorter one)."""

    visit_working_days_child_protection: int = Field(default=10, ge=1, le=60)
    """A child on a child protection plan is seen at least every 10 working days: a local-policy default (Working
    Together leaves the frequency to the plan; most councils set 10 working days)."""

    visit_working_days_child_in_need: int = Field(default=20, ge=1, le=120)
    """A child in need is seen at least every 20 working days: a local-policy default."""

    council_closure_days: list[date] = Field(default_factory=list)
    """Days the council is closed besides weekends and bank holidays (e.g. between Christmas and New Year): not
    working days for the visit clocks. JSON in the environment, e.g. `["2024-12-27", "2024-12-30"]`."""

    summary_cadence_weeks: int = Field(default=4, ge=1, le=52)
    """How often a case needs a case summary until its pod manager sets the case's own cadence."""

    draft_overdue_days: int = Field(default=3, ge=1, le=90)
    """A draft older than this many days is listed as overdue (local recording standard: a visit typed up within
    3 days), so it is finished rather than lost."""

    search_ranked_matches: int = Field(default=1_000, ge=10, le=100_000)
    """A search ranks only the newest this many matches (by date, then time of recording), so a page costs the
    same however many entries a common word matches; the answer says when older matches were left out, and a
    date range, a child or a type reaches them. Not a practice rule: a bound on the work of one search."""

    def visit_intervals(self) -> VisitIntervals:
        return VisitIntervals(
            self.visit_weeks_looked_after,
            self.visit_working_days_child_protection,
            self.visit_working_days_child_in_need,
        )

    def calendar(self) -> WorkingDays:
        return WorkingDays(self.council_closure_days)


@lru_cache
def records_settings() -> RecordsSettings:
    return RecordsSettings()


Settings = Annotated[RecordsSettings, Depends(records_settings)]
