"""Reflective practice groups: who facilitated, who attended, when; never case content."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from services.supervision.api.schemas.days import Day
from shared.runtime.bodies import Id, In, example, response_example

POD = "7d7c1a56-1d1e-4a44-9a38-7b0c1f7a2e10"
FACILITATOR = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"
AMY = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"


class GroupIn(In):
    model_config = example(
        name="North pods reflective practice", pod_id=POD, facilitator_id=FACILITATOR, created_on="2024-01-08"
    )
    name: str = Field(min_length=3, max_length=200)
    pod_id: Id | None = Field(default=None, description="The pod it belongs to; none for a group across pods.")
    facilitator_id: Id
    created_on: Day


class GroupOut(BaseModel):
    model_config = response_example(
        id="5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c",
        name="North pods reflective practice",
        pod_id=POD,
        facilitator_id=FACILITATOR,
        created_on="2024-01-08",
    )
    id: uuid.UUID
    name: str
    pod_id: uuid.UUID | None
    facilitator_id: uuid.UUID
    created_on: date


class PresenceIn(In):
    worker_id: Id
    present: bool = Field(default=True, description="False: sent apologies.")


class ReflectiveSessionIn(In):
    """Attendance only: the body takes no notes, so no case content can be written here."""

    model_config = example(
        held_on="2024-03-07",
        facilitator_id=FACILITATOR,
        attendance=[{"worker_id": AMY, "present": True}, {"worker_id": FACILITATOR, "present": True}],
    )
    held_on: Day
    facilitator_id: Id | None = Field(default=None, description="Defaults to the group's facilitator.")
    attendance: list[PresenceIn] = Field(min_length=1, max_length=60)


class PresenceOut(BaseModel):
    worker_id: uuid.UUID
    present: bool


class ReflectiveSessionOut(BaseModel):
    model_config = response_example(
        id="6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
        group_id="5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c",
        held_on="2024-03-07",
        facilitator_id=FACILITATOR,
        attended=2,
        apologies=0,
        attendance=[{"worker_id": AMY, "present": True}, {"worker_id": FACILITATOR, "present": True}],
    )
    id: uuid.UUID
    group_id: uuid.UUID
    held_on: date
    facilitator_id: uuid.UUID
    attended: int
    apologies: int
    attendance: list[PresenceOut]
