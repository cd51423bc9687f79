"""The feedback service's settings (prefix `CONTINUUM_FEEDBACK_`)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Annotated

from fastapi import Depends
from pydantic import BaseModel, Field, model_validator
from pydantic_settings import SettingsConfigDict

from services.feedback.rules.procedures import CorporateStage, Procedure, corporate, statutory
from shared.calendar import WorkingDays
from shared.disclosure import DEFAULT_THRESHOLD
from shared.runtime import ServiceSettings


class CorporateStageSetting(BaseModel):
    working_days: int = Field(gt=0, le=130)
    max_working_days: int = Field(gt=0, le=130)
    extensions_allowed: int | None = Field(default=1, ge=0)

    @model_validator(mode="after")
    def _maximum_is_at_least_the_clock(self) -> CorporateStageSetting:
        if self.max_working_days < self.working_days:
            raise ValueError("max_working_days is at least working_days")
        return self


class FeedbackSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_FEEDBACK_", extra="ignore")

    acknowledgement_days: int = Field(default=2, ge=1, le=10)
    """Working days to acknowledge a complaint: local policy (most councils promise 2)."""

    closure_days: list[date] = Field(default_factory=list)
    """Days the council is closed beyond weekends and bank holidays (often 27-31 December), which no clock counts.
    JSON in the environment, e.g. `["2025-12-29", "2025-12-30", "2025-12-31"]`."""

    corporate_stages: list[CorporateStageSetting] = Field(
        default_factory=lambda: [
            CorporateStageSetting(working_days=10, max_working_days=20),
            CorporateStageSetting(working_days=20, max_working_days=30),
        ],
        min_length=1,
        max_length=3,
    )
    """The council's corporate procedure, stage by stage. The default follows the Local Government and Social Care
    Ombudsman's Complaint Handling Code (2024): 10 working days at stage 1 and 20 at stage 2, each extendable by up
    to 10 more, once. JSON in the environment, e.g. `[{"working_days": 10, "max_working_days": 20}]`."""

    corporate_escalation_days: int = Field(default=20, ge=1, le=130)
    """Working days after a corporate answer in which the complainant may ask for the next stage."""

    due_soon_days: int = Field(default=5, ge=0, le=65)
    """The due list shows clocks due within this many working days (and every overdue one)."""

    suppression_threshold: int = Field(default=DEFAULT_THRESHOLD, ge=2, le=50)
    """Questionnaire groups (the run, a pod) with fewer answers are not reported, and published counts under it
    show as "<N" (`shared.disclosure`, the KPI service's rule too)."""

    def calendar(self) -> WorkingDays:
        return _calendar(tuple(self.closure_days))

    def procedure(self, code: str) -> Procedure:
        if code == "statutory":
            return statutory(self.acknowledgement_days)
        return corporate(
            [CorporateStage(s.working_days, s.max_working_days, s.extensions_allowed) for s in self.corporate_stages],
            escalation_window=self.corporate_escalation_days,
            acknowledgement_days=self.acknowledgement_days,
        )


@lru_cache(maxsize=8)
def _calendar(closures: tuple[date, ...]) -> WorkingDays:
    return WorkingDays(closures)


@lru_cache
def feedback_settings() -> FeedbackSettings:
    return FeedbackSettings()


Settings = Annotated[FeedbackSettings, Depends(feedback_settings)]
