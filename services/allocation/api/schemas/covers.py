"""Cover: a colleague covering a case, or all of a worker's cases, for a period; and who to call today."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from services.allocation.api.schemas.dates import IsoDate
from shared.runtime.bodies import Id, In, example, response_example

CoverReason = Literal["leave", "sickness", "court", "duty", "other"]


class CoverIn(In):
    model_config = example(
        covering_worker_id="7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
        start_date="2016-03-07",
        end_date="2016-03-18",
        reason="leave",
    )
    covering_worker_id: Id = Field(description="A colleague in the same pod on the start date.")
    start_date: IsoDate
    end_date: IsoDate | None = Field(default=None, description="The last day covered; open until ended by hand.")
    reason: CoverReason


class CoverEnd(In):
    model_config = example(end_date="2016-03-11")
    end_date: IsoDate = Field(default_factory=date.today, description="The last day covered; defaults to today.")


class CoverOut(BaseModel):
    model_config = response_example(
        id="0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a",
        worker_id="3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        covering_worker_id="7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
        case_id=None,
        start_date="2016-03-07",
        end_date="2016-03-18",
        reason="leave",
    )
    id: uuid.UUID
    worker_id: uuid.UUID = Field(description="The allocated worker being covered.")
    covering_worker_id: uuid.UUID
    case_id: uuid.UUID | None = Field(description="Null when the cover is for all of the worker's cases.")
    start_date: date
    end_date: date | None
    reason: CoverReason


class WorkerRef(BaseModel):
    id: uuid.UUID
    name: str


class ContactOut(BaseModel):
    model_config = response_example(
        case_id="5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
        on="2016-03-09",
        pod_id="9b2f4a52-0c41-4f7e-9f55-1c2d3e4f5a6b",
        allocated_worker={"id": "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "name": "Amy Osei"},
        contact={"id": "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", "name": "Ben Clarke"},
        cover=None,
        summary="call Ben Clarke, covering for Amy Osei (leave) until 2016-03-18",
    )
    case_id: uuid.UUID
    on: date
    pod_id: uuid.UUID | None
    allocated_worker: WorkerRef | None
    contact: WorkerRef | None = Field(description="Who to call that day: the covering worker during cover.")
    cover: CoverOut | None
    summary: str
