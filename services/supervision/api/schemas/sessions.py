"""A pod's weekly schedule, its sessions, who attended, and addenda to a signed-off record."""

from __future__ import annotations

import uuid
from datetime import date, time

from pydantic import BaseModel, Field

from services.supervision.api.schemas.days import Day
from services.supervision.rules.codes import AttendeeRoleCode, SessionKindCode, SessionStateCode, WeekdayCode
from shared.runtime.bodies import Id, In, UtcDateTime, example, response_example

POD = "7d7c1a56-1d1e-4a44-9a38-7b0c1f7a2e10"
SESSION = "0b9f6c2e-3d4a-4f5b-8c6d-7e8f9a0b1c2d"
NORA = "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
AMY = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"
VISITOR = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"


class ScheduleIn(In):
    model_config = example(weekday="tuesday", starts_at="10:00", every_weeks=1, since="2024-01-02")
    weekday: WeekdayCode
    starts_at: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="The time it starts, e.g. 10:00.")
    every_weeks: int = Field(default=1, ge=1, le=4)
    since: Day

    def start_time(self) -> time:
        return time.fromisoformat(self.starts_at)


class MeetingDay(BaseModel):
    day: date
    session_id: uuid.UUID | None = Field(description="The group session scheduled that day, if there is one yet.")


class ScheduleOut(BaseModel):
    model_config = response_example(
        pod_id=POD,
        weekday="tuesday",
        starts_at="10:00",
        every_weeks=1,
        since="2024-01-02",
        upcoming=[{"day": "2024-03-05", "session_id": SESSION}, {"day": "2024-03-12", "session_id": None}],
    )
    pod_id: uuid.UUID
    weekday: WeekdayCode
    starts_at: str
    every_weeks: int
    since: date
    upcoming: list[MeetingDay]


class ScheduleSessionsIn(In):
    model_config = example(until="2024-04-30")
    until: Day = Field(description="Schedule the group sessions up to this day (at most 26 weeks ahead).")


class SessionIn(In):
    model_config = example(kind="group", scheduled_for="2024-03-05", starts_at="10:00")
    kind: SessionKindCode = "group"
    scheduled_for: Day
    starts_at: str | None = Field(default=None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    supervisee_id: Id | None = Field(default=None, description="For an individual supervision: the supervisee.")

    def start_time(self) -> time | None:
        return time.fromisoformat(self.starts_at) if self.starts_at else None


class AttendeeIn(In):
    worker_id: Id
    role: AttendeeRoleCode = "participant"
    present: bool = Field(default=True, description="False: sent apologies.")


class AttendeesIn(In):
    model_config = example(
        attendees=[
            {"worker_id": NORA, "role": "facilitator", "present": True},
            {"worker_id": AMY, "role": "presenter", "present": True},
            {"worker_id": VISITOR, "role": "advisor", "present": True},
        ]
    )
    attendees: list[AttendeeIn] = Field(max_length=40)


class HeldIn(In):
    model_config = example(
        held_on="2024-03-05",
        attendees=[
            {"worker_id": NORA, "role": "facilitator", "present": True},
            {"worker_id": AMY, "role": "presenter", "present": True},
        ],
    )
    held_on: Day
    attendees: list[AttendeeIn] = Field(min_length=1, max_length=40)


class CancelIn(In):
    model_config = example(reason="pod away at the service's away day")
    reason: str = Field(min_length=3, max_length=500)


class AttendeeOut(BaseModel):
    worker_id: uuid.UUID
    role: AttendeeRoleCode
    present: bool
    visiting_from_pod_id: uuid.UUID | None = Field(description="An advisor from another pod: the pod they came from.")


class SessionSummary(BaseModel):
    model_config = response_example(
        id=SESSION,
        pod_id=POD,
        kind="group",
        scheduled_for="2024-03-05",
        starts_at="10:00",
        state="signed_off",
        held_on="2024-03-05",
        facilitator_id=NORA,
        supervisee_id=None,
    )
    id: uuid.UUID
    pod_id: uuid.UUID
    kind: SessionKindCode
    scheduled_for: date
    starts_at: str | None
    state: SessionStateCode
    held_on: date | None
    facilitator_id: uuid.UUID | None
    supervisee_id: uuid.UUID | None


class AddendumIn(In):
    model_config = example(
        text="Mother's solicitor disputes the account of the visit on 28 February; her account is on file.",
        decision_id="2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a",
    )
    text: str = Field(min_length=3, max_length=10000)
    child_id: Id | None = Field(default=None, description="The child it is about (or give the decision).")
    decision_id: Id | None = Field(default=None, description="The decision it adds to.")


class AddendumOut(BaseModel):
    id: uuid.UUID
    session_id: uuid.UUID
    child_id: uuid.UUID | None
    decision_id: uuid.UUID | None
    text: str
    written_by: str
    written_on: date
    written_at: UtcDateTime


class DiscussionBrief(BaseModel):
    id: uuid.UUID
    child_ids: list[uuid.UUID]
    decision: str
    actions: int
    scores: int


class SessionOut(SessionSummary):
    model_config = response_example(
        id=SESSION,
        pod_id=POD,
        kind="group",
        scheduled_for="2024-03-05",
        starts_at="10:00",
        state="held",
        held_on="2024-03-05",
        facilitator_id=NORA,
        supervisee_id=None,
        cancelled_reason=None,
        signed_off_by=None,
        signed_off_at=None,
        attendees=[{"worker_id": NORA, "role": "facilitator", "present": True, "visiting_from_pod_id": None}],
        discussions=[
            {
                "id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
                "child_ids": ["6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"],
                "decision": "Convene a family network meeting by 15 March to agree who supervises contact.",
                "actions": 2,
                "scores": 3,
            }
        ],
        addenda=[],
    )
    cancelled_reason: str | None
    signed_off_by: str | None
    signed_off_at: UtcDateTime | None
    attendees: list[AttendeeOut]
    discussions: list[DiscussionBrief]
    addenda: list[AddendumOut]
