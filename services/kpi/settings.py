"""The KPI service's settings (prefix `CONTINUUM_KPI_`)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Annotated

from fastapi import Depends
from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import SettingsConfigDict

from shared.runtime import ServiceSettings
from shared.visits import VisitIntervals

# The same defaults as allocation's caseload policy, so both services weigh a case alike out of the box.
DEFAULT_WEIGHTS = {"CIN": 1.0, "CP": 1.5, "CLA": 1.5, "court": 2.0, "sibling": 0.5, "default": 1.0}
DEFAULT_DISCUSSION_WEEKS = {"CIN": 4, "CP": 4, "CLA": 4, "default": 4}
DEFAULT_CAPACITIES = {
    "social_worker": 18.0,
    "senior_social_worker": 15.0,
    "social_worker_in_training": 8.0,
    "pod_manager": 3.0,
    "business_support": 0.0,
}


def _as_configured_in(service: str, name: str) -> AliasChoices:
    # The KPI counts by the producing service's own configuration: the same variable sets both (its own
    # CONTINUUM_KPI_ name first, for a council that wants the KPI to differ, which it should not).
    return AliasChoices(name, f"CONTINUUM_KPI_{name.upper()}", f"CONTINUUM_{service.upper()}_{name.upper()}")


class PracticeSettings(ServiceSettings):
    """The intervals the practice measures time against: records' and supervision's, read from their variables."""

    visit_weeks_looked_after: int = Field(
        default=6, ge=1, le=26, validation_alias=_as_configured_in("records", "visit_weeks_looked_after")
    )
    """Care Planning, Placement and Case Review (England) Regulations 2010, reg. 28: at most every 6 weeks."""
    visit_working_days_child_protection: int = Field(
        default=10, ge=1, le=60, validation_alias=_as_configured_in("records", "visit_working_days_child_protection")
    )
    """Local-policy default, as records': a child on a plan seen at least every 10 working days."""
    visit_working_days_child_in_need: int = Field(
        default=20, ge=1, le=120, validation_alias=_as_configured_in("records", "visit_working_days_child_in_need")
    )
    """Local-policy default, as records': a child in need seen at least every 20 working days."""
    council_closure_days: list[date] = Field(
        default_factory=list, validation_alias=_as_configured_in("records", "council_closure_days")
    )
    summary_cadence_weeks: int = Field(
        default=4, ge=1, le=52, validation_alias=_as_configured_in("records", "summary_cadence_weeks")
    )
    """A case with no summary yet is due one this many weeks after it opened, as records counts it."""
    discussion_interval_weeks: dict[str, int] = Field(
        default_factory=lambda: dict(DEFAULT_DISCUSSION_WEEKS),
        validation_alias=_as_configured_in("supervision", "discussion_interval_weeks"),
    )
    """Supervision's: every allocated case discussed at least every 4 weeks; the shortest of the child's statuses."""
    scaling_drop_points: int = Field(
        default=2, ge=1, le=10, validation_alias=_as_configured_in("supervision", "scaling_drop_points")
    )
    """The model's rule: a score 2 or more points below the same voice's score before."""
    scaling_spread_points: int = Field(default=3, ge=1, le=10)
    """Voices this far apart on one question are reported as a wide spread (a local choice)."""

    @field_validator("discussion_interval_weeks")
    @classmethod
    def _over_default_discussion(cls, weeks: dict[str, int]) -> dict[str, int]:
        return {**DEFAULT_DISCUSSION_WEEKS, **weeks}

    def visit_intervals(self) -> VisitIntervals:
        return VisitIntervals(
            self.visit_weeks_looked_after,
            self.visit_working_days_child_protection,
            self.visit_working_days_child_in_need,
        )


class KpiSettings(PracticeSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_KPI_", extra="ignore")

    weights: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_WEIGHTS),
        description="Points per case (see docs/kpi.md, 2); what is set is laid over the defaults, as allocation does.",
    )
    capacities: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_CAPACITIES),
        description="Points a worker carries at 1 FTE, by role; laid over the defaults.",
    )
    suppression_threshold: int = 5

    @field_validator("weights")
    @classmethod
    def _over_default_weights(cls, weights: dict[str, float]) -> dict[str, float]:
        return {**DEFAULT_WEIGHTS, **weights}

    @field_validator("capacities")
    @classmethod
    def _over_default_capacities(cls, capacities: dict[str, float]) -> dict[str, float]:
        return {**DEFAULT_CAPACITIES, **capacities}


@lru_cache
def kpi_settings() -> KpiSettings:
    return KpiSettings()


Settings = Annotated[KpiSettings, Depends(kpi_settings)]
