"""The supervision service's settings (prefix `CONTINUUM_SUPERVISION_`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends
from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from services.supervision.rules.agenda import DEFAULT_INTERVAL_WEEKS, AgendaPolicy
from shared.runtime import ServiceSettings


class SupervisionSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_SUPERVISION_", extra="ignore")

    discussion_interval_weeks: dict[str, int] = Field(default_factory=lambda: dict(DEFAULT_INTERVAL_WEEKS))
    """How often each allocated case must come to group supervision, in weeks, by open status (CIN, CP, CLA) and
    "default" for a case with none; a case with several statuses takes the shortest. The model's own rhythm is
    every case at least every 4 weeks ("Team Around the Relationship": weekly group supervision, each case
    discussed at least monthly); a council may set e.g. `{"CP": 2}` in the environment as JSON, laid over the
    defaults."""

    scaling_drop_points: int = Field(default=2, ge=1, le=10)
    """A scaling score this many points below the same voice's previous score is flagged and brings the child back
    to the agenda (the model's rule: a drop of 2 or more points)."""

    agenda_horizon_days: int = Field(default=6, ge=0, le=27)
    """A case falling due within this many days after the session is on its agenda, so that with weekly sessions
    no case becomes overdue before the next one."""

    @field_validator("discussion_interval_weeks")
    @classmethod
    def _over_default_intervals(cls, weeks: dict[str, int]) -> dict[str, int]:
        merged = {**DEFAULT_INTERVAL_WEEKS, **weeks}
        if any(not 1 <= value <= 52 for value in merged.values()):
            raise ValueError("an interval is between 1 and 52 weeks")
        return merged

    def agenda_policy(self) -> AgendaPolicy:
        return AgendaPolicy(
            interval_weeks=self.discussion_interval_weeks,
            drop_points=self.scaling_drop_points,
            horizon_days=self.agenda_horizon_days,
        )


@lru_cache
def supervision_settings() -> SupervisionSettings:
    return SupervisionSettings()


Settings = Annotated[SupervisionSettings, Depends(supervision_settings)]
