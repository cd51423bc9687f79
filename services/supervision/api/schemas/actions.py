"""Closing an action: done, or cancelled with a reason."""

from __future__ import annotations

from pydantic import Field

from services.supervision.api.schemas.days import Day
from shared.runtime.bodies import In, example


class ActionDoneIn(In):
    model_config = example(completed_on="2024-03-11", note="Checks back: no concerns recorded.")
    completed_on: Day
    note: str | None = Field(default=None, max_length=2000)


class ActionCancelIn(In):
    model_config = example(cancelled_on="2024-03-11", reason="The partner moved out; the plan changed on 8 March.")
    cancelled_on: Day
    reason: str = Field(min_length=3, max_length=2000)
