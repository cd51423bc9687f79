"""A child's scaling by voice: trajectories, spread between voices, drops."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from shared.runtime.bodies import response_example
from shared.vocabulary import ScalingQuestionCode, ScalingVoiceCode


class PointOut(BaseModel):
    scored_on: date
    score: int
    discussion_id: uuid.UUID


class TrajectoryOut(BaseModel):
    question: ScalingQuestionCode
    voice: ScalingVoiceCode
    points: list[PointOut]
    latest: int
    change: int | None = Field(description="The latest score less the one before it; negative for a fall.")


class SpreadOut(BaseModel):
    question: ScalingQuestionCode
    scored_on: date
    lowest: int
    highest: int
    spread: int = Field(description="Highest less lowest: how far apart the voices were.")
    voices: int


class DropOut(BaseModel):
    question: ScalingQuestionCode
    voice: ScalingVoiceCode
    previous: int
    score: int
    previous_on: date
    scored_on: date


class ScalingOut(BaseModel):
    model_config = response_example(
        child_id="6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
        as_at="2024-03-05",
        drop_points=2,
        trajectories=[
            {
                "question": "safety",
                "voice": "parent",
                "points": [
                    {"scored_on": "2024-02-06", "score": 6, "discussion_id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"},
                    {"scored_on": "2024-03-05", "score": 3, "discussion_id": "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"},
                ],
                "latest": 3,
                "change": -3,
            }
        ],
        spreads=[
            {"question": "safety", "scored_on": "2024-03-05", "lowest": 3, "highest": 7, "spread": 4, "voices": 3}
        ],
        drops=[
            {
                "question": "safety",
                "voice": "parent",
                "previous": 6,
                "score": 3,
                "previous_on": "2024-02-06",
                "scored_on": "2024-03-05",
            }
        ],
    )
    child_id: uuid.UUID
    as_at: date
    drop_points: int = Field(description="A fall of this many points or more is a drop.")
    trajectories: list[TrajectoryOut]
    spreads: list[SpreadOut]
    drops: list[DropOut]
