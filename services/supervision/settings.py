"""The supervision service's settings (prefix `CONTINUUM_SUPERVISION_`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends
from pydantic_settings import SettingsConfigDict

from shared.runtime import ServiceSettings


class SupervisionSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_SUPERVISION_", extra="ignore")


@lru_cache
def supervision_settings() -> SupervisionSettings:
    return SupervisionSettings()


Settings = Annotated[SupervisionSettings, Depends(supervision_settings)]
