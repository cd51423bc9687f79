"""The feedback service's settings (prefix `CONTINUUM_FEEDBACK_`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends
from pydantic_settings import SettingsConfigDict

from shared.runtime import ServiceSettings


class FeedbackSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_FEEDBACK_", extra="ignore")


@lru_cache
def feedback_settings() -> FeedbackSettings:
    return FeedbackSettings()


Settings = Annotated[FeedbackSettings, Depends(feedback_settings)]
