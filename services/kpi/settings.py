"""The KPI service's settings (prefix `CONTINUUM_KPI_`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends
from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from shared.runtime import ServiceSettings

# The same defaults as allocation's caseload policy, so both services weigh a case alike out of the box.
DEFAULT_WEIGHTS = {"CIN": 1.0, "CP": 1.5, "CLA": 1.5, "court": 2.0, "sibling": 0.5, "default": 1.0}
DEFAULT_CAPACITIES = {
    "social_worker": 18.0,
    "senior_social_worker": 15.0,
    "social_worker_in_training": 8.0,
    "pod_manager": 3.0,
    "business_support": 0.0,
}


class KpiSettings(ServiceSettings):
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
