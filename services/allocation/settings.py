"""The allocation service's settings (prefix `CONTINUUM_ALLOCATION_`)."""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Annotated

from fastapi import Depends
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.allocation.rules.caseload import DEFAULT_CAPACITIES, DEFAULT_WEIGHTS, CaseloadPolicy
from shared.runtime import ServiceSettings
from shared.vocabulary import PodRole


class AllocationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_ALLOCATION_", extra="ignore")

    approval_threshold: int = 3
    """A transfer that would make this the child's Nth distinct worker in 12 months needs pod manager approval."""

    caseload_weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    """Points per case by open status kind (CIN, CP, CLA), "court" in proceedings, "default" otherwise, and
    "sibling" for each further child of a family held by the same worker (at least as heavy as the heaviest
    weight: no discount). JSON in the environment, e.g. `{"CIN": 1, "CP": 2, "court": 2, "sibling": 0.5}`."""

    duty_pod_ids: list[uuid.UUID] = Field(default_factory=list)
    """The pods on duty for referrals: their managers see, and may take, cases no pod has been linked to yet. JSON in
    the environment, e.g. `["7d7c1a56-1d1e-4a44-9a38-7b0c1f7a2e10"]`."""

    role_capacities: dict[PodRole, float] = Field(default_factory=lambda: dict(DEFAULT_CAPACITIES))
    """Points a worker in each role carries at 1 FTE; a social worker in training's is protected and smaller."""

    def caseload_policy(self) -> CaseloadPolicy:
        """Configured values are laid over the defaults, so setting one role leaves the others as they were."""
        return CaseloadPolicy(
            weights={**DEFAULT_WEIGHTS, **self.caseload_weights},
            capacities={**DEFAULT_CAPACITIES, **self.role_capacities},
        )


@lru_cache
def allocation_settings() -> AllocationSettings:
    return AllocationSettings()


Settings = Annotated[AllocationSettings, Depends(allocation_settings)]
