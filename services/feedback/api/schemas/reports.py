"""The feedback team's tables: complaints received per stage per quarter against the same quarter a year earlier,
the share answered within the statutory time at each stage, and compliments per pod per quarter."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from shared.runtime.bodies import response_example
from shared.vocabulary import ComplaintProcedureCode

Count = int | str
"""A count; in a table for publication, a count under the threshold is "<5"."""


class QuarterOut(BaseModel):
    quarter: str = Field(description="e.g. 2024-25 Q1 (April to June 2024)")
    start: date
    end: date
    count: Count
    a_year_earlier: Count
    change: int | None = Field(description="Since the same quarter a year earlier; null when suppressed.")


class StageRowsOut(BaseModel):
    stage: Literal["stage_1", "stage_2", "stage_3", "ombudsman"]
    quarters: list[QuarterOut]


class ReceivedOut(BaseModel):
    model_config = response_example(
        year=2016,
        label="2015-16",
        procedure="statutory",
        pod_id=None,
        for_publication=False,
        threshold=5,
        stages=[
            {
                "stage": "stage_1",
                "quarters": [
                    {
                        "quarter": "2015-16 Q1",
                        "start": "2015-04-01",
                        "end": "2015-06-30",
                        "count": 4,
                        "a_year_earlier": 11,
                        "change": -7,
                    }
                ],
            }
        ],
    )
    year: int
    label: str
    procedure: ComplaintProcedureCode | None
    pod_id: uuid.UUID | None
    for_publication: bool
    threshold: int
    stages: list[StageRowsOut]


class StepOut(BaseModel):
    step: Literal["acknowledgement", "stage_1", "stage_2", "stage_3"]
    answered: Count
    in_time: Count
    per_cent_in_time: int | None = Field(description="Whole per cent, rounded half up; null when suppressed.")


class TimelinessOut(BaseModel):
    model_config = response_example(
        year=2016,
        label="2015-16",
        procedure="statutory",
        pod_id=None,
        for_publication=False,
        threshold=5,
        steps=[{"step": "stage_1", "answered": 15, "in_time": 12, "per_cent_in_time": 80}],
    )
    year: int
    label: str
    procedure: ComplaintProcedureCode | None
    pod_id: uuid.UUID | None
    for_publication: bool
    threshold: int
    steps: list[StepOut]


class PodQuartersOut(BaseModel):
    pod_id: uuid.UUID | None = Field(description="Null: compliments for the service, or no pod known.")
    pod_name: str | None
    quarters: list[QuarterOut]


class ComplimentsOut(BaseModel):
    model_config = response_example(year=2016, label="2015-16", for_publication=False, threshold=5, service=[], pods=[])
    year: int
    label: str
    for_publication: bool
    threshold: int
    service: list[QuarterOut]
    pods: list[PodQuartersOut]
