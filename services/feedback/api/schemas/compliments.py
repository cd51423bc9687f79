"""Compliments: who it came from (by relation), whom it commends, what it says."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from shared.runtime.bodies import Id, In, IsoDate, example, response_example
from shared.vocabulary import ComplimentFromCode, ComplimentThemeCode


class ComplimentIn(In):
    model_config = example(
        received_on="2026-02-03",
        from_relation="parent",
        worker_ids=["3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"],
        pod_id=None,
        themes=["listened", "continuity"],
        summary="Amy has stayed with us through everything and always calls back.",
    )
    received_on: IsoDate
    from_relation: ComplimentFromCode
    worker_ids: list[Id] = Field(default_factory=list, max_length=10, description="The workers it commends by name.")
    pod_id: Id | None = Field(default=None, description="By default the first named worker's pod on the day.")
    themes: list[ComplimentThemeCode] = Field(default_factory=list, max_length=7)
    summary: str = Field(min_length=1, max_length=5000)


class ComplimentOut(BaseModel):
    model_config = response_example(
        id="2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d",
        received_on="2026-02-03",
        from_relation="parent",
        worker_ids=["3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"],
        pod_id="9b2f4a52-0c41-4f7e-9f55-1c2d3e4f5a6b",
        themes=["continuity", "listened"],
        summary="Amy has stayed with us through everything and always calls back.",
    )
    id: uuid.UUID
    received_on: date
    from_relation: ComplimentFromCode
    worker_ids: list[uuid.UUID]
    pod_id: uuid.UUID | None
    themes: list[ComplimentThemeCode]
    summary: str
