"""Counts per pod, for analysts: no child is named."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from shared.runtime.bodies import response_example

EXAMPLE = {
    "children_held": 58,
    "sessions_held": 12,
    "sessions_signed_off": 12,
    "sessions_cancelled": 1,
    "children_discussed": 55,
    "decisions": 168,
    "scores": 402,
    "actions_set": 240,
    "actions_done": 201,
    "actions_cancelled": 9,
    "actions_overdue": 14,
    "reflective_sessions": 3,
    "case_audits": 6,
}


class CountsOut(BaseModel):
    model_config = response_example(
        from_="2024-01-01",
        to="2024-03-31",
        service=EXAMPLE,
        pods={"7d7c1a56-1d1e-4a44-9a38-7b0c1f7a2e10": EXAMPLE},
    )
    from_: date = Field(alias="from", serialization_alias="from")
    to: date
    service: dict[str, int] = Field(description="The pods' counts added up.")
    pods: dict[uuid.UUID, dict[str, int]]
