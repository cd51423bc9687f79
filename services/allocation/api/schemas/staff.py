"""Pods, workers and their memberships."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from services.allocation.api.schemas.dates import IsoDate
from services.allocation.rules.membership import MAX_FTE, MIN_FTE
from shared.runtime.bodies import Id, In, example, response_example
from shared.vocabulary import EmploymentCode, PodRoleCode


class PodIn(In):
    model_config = example(name="Pod 3 (North)", created_on="2015-11-02")
    name: str = Field(min_length=1, max_length=200)
    created_on: IsoDate = Field(default_factory=date.today)


class PodUpdate(In):
    model_config = example(name="Pod 3 (North East)")
    name: str = Field(min_length=1, max_length=200)


class PodOut(BaseModel):
    id: uuid.UUID
    name: str
    created_on: date


class WorkerIn(In):
    model_config = example(name="Amy Osei", registration_number="SW123456", employment="employed")
    name: str = Field(min_length=1, max_length=200)
    registration_number: str | None = Field(default=None, pattern=r"^SW\d{1,10}$", description="Social Work England")
    employment: EmploymentCode


class WorkerUpdate(In):
    model_config = example(name="Amy Osei-Brown", employment="employed")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    employment: EmploymentCode | None = None


class WorkerOut(BaseModel):
    id: uuid.UUID
    name: str
    registration_number: str | None
    employment: EmploymentCode


class MembershipIn(In):
    model_config = example(
        pod_id="9b2f4a52-0c41-4f7e-9f55-1c2d3e4f5a6b", role="social_worker", fte=1.0, start_date="2016-01-04"
    )
    pod_id: Id
    role: PodRoleCode
    fte: float = Field(ge=MIN_FTE, le=MAX_FTE, description="Full-time equivalent, from 0.1 (half a day a week) to 1.")
    start_date: IsoDate


class MembershipEnd(In):
    model_config = example(end_date="2016-06-30")
    end_date: IsoDate


class MembershipOut(BaseModel):
    id: uuid.UUID
    worker_id: uuid.UUID
    pod_id: uuid.UUID
    role: PodRoleCode
    fte: float
    start_date: date
    end_date: date | None


class GapOut(BaseModel):
    role: PodRoleCode
    expected: str
    actual_fte: float
    message: str


class MemberOut(BaseModel):
    worker_id: uuid.UUID
    role: PodRoleCode
    fte: float


class CompositionOut(BaseModel):
    model_config = response_example(
        pod_id="9b2f4a52-0c41-4f7e-9f55-1c2d3e4f5a6b",
        as_at="2016-03-01",
        in_shape=False,
        fte_by_role={"pod_manager": 1.0, "senior_social_worker": 2.0, "social_worker": 4.5},
        missing=[
            {
                "role": "social_worker_in_training",
                "expected": "at least 1",
                "actual_fte": 0.0,
                "message": "needs at least 1 social worker in training; has none",
            }
        ],
        over=[],
        members=[{"worker_id": "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "role": "pod_manager", "fte": 1.0}],
    )
    pod_id: uuid.UUID
    as_at: date
    in_shape: bool
    fte_by_role: dict[str, float]
    missing: list[GapOut]
    over: list[GapOut]
    members: list[MemberOut]
