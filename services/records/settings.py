"""The records service's settings (prefix `CONTINUUM_RECORDS_`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends
from pydantic_settings import SettingsConfigDict

from shared.runtime import ServiceSettings


class RecordsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_RECORDS_", extra="ignore")


@lru_cache
def records_settings() -> RecordsSettings:
    return RecordsSettings()


Settings = Annotated[RecordsSettings, Depends(records_settings)]
