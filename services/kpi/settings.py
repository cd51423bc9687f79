"""The KPI service's settings (prefix `CONTINUUM_KPI_`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.runtime import ServiceSettings


class KpiSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_KPI_", extra="ignore")

    weights: dict[str, float] = Field(
        default={"CIN": 1.0, "CP": 1.5, "CLA": 1.5, "court": 2.0, "sibling": 0.5, "default": 1.0}
    )
    capacities: dict[str, float] = Field(
        default={
            "social_worker": 18.0,
            "senior_social_worker": 15.0,
            "social_worker_in_training": 8.0,
            "pod_manager": 3.0,
            "business_support": 0.0,
        },
        description="Points a worker carries at 1 FTE, by role.",
    )
    suppression_threshold: int = 5
