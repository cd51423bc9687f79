"""A worker's caseload: cases, counts and weighted points against capacity."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from shared.runtime.bodies import response_example
from shared.vocabulary import PodRoleCode


class CaseloadCase(BaseModel):
    case_id: uuid.UUID
    child_id: uuid.UUID
    la_child_id: str
    child_name: str
    pod_id: uuid.UUID
    allocated_since: date
    status_kinds: list[str] = Field(description="Open status periods on the as-at date: CIN, CP, CLA.")
    in_court: bool = Field(description="In court proceedings on the as-at date (the `court` weight applies).")
    family_id: uuid.UUID = Field(description="Siblings share it; a worker's further siblings weigh `sibling`.")
    points: float


class CaseloadOut(BaseModel):
    model_config = response_example(
        worker_id="3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        as_at="2016-03-01",
        pod_id="9b2f4a52-0c41-4f7e-9f55-1c2d3e4f5a6b",
        role="social_worker",
        fte=1.0,
        count=12,
        points=16.5,
        capacity=18.0,
        used=0.9167,
        weights={"CIN": 1.0, "CP": 1.5, "CLA": 1.5, "court": 2.0, "sibling": 0.5, "default": 1.0},
        cases=[],
    )
    worker_id: uuid.UUID
    as_at: date = Field(description="The date the caseload is as at (today unless `as_at` was given).")
    pod_id: uuid.UUID | None
    role: PodRoleCode | None
    fte: float | None
    count: int = Field(description="Cases held: each child is one case, siblings included.")
    points: float
    capacity: float = Field(description="Points the worker can carry: role capacity times FTE.")
    used: float | None = Field(description="Points as a share of capacity; null without capacity.")
    weights: dict[str, float]
    cases: list[CaseloadCase]
