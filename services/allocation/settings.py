"""The allocation service's settings (prefix `CONTINUUM_ALLOCATION_`)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.runtime import ServiceSettings


class AllocationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_ALLOCATION_", extra="ignore")

    approval_threshold: int = 3
    """A transfer that would make this the child's Nth distinct worker in 12 months needs pod manager approval."""
