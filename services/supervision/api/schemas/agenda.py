"""The agenda of a session: the pod's cases to discuss, in order, each with why."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from services.supervision.rules.agenda import ReasonCode
from shared.runtime.bodies import response_example


class ReasonOut(BaseModel):
    code: ReasonCode
    detail: str
    since: date | None = Field(description="When what brought it up happened, where it is a day.")


class AgendaItemOut(BaseModel):
    rank: int
    child_id: uuid.UUID
    la_child_id: str | None = Field(description="The council's own child identifier.")
    case_id: uuid.UUID
    family_id: uuid.UUID | None = Field(description="Siblings share it, and sit side by side on the agenda.")
    worker_id: uuid.UUID | None = Field(description="The allocated worker, who presents the case; none if awaiting.")
    statuses: list[str] = Field(description="Open statuses on the day: CIN, CP, CLA.")
    last_discussed_on: date | None
    due_on: date
    interval_weeks: int
    reasons: list[ReasonOut]
    discussed_in_this_session: bool


class AgendaOut(BaseModel):
    model_config = response_example(
        pod_id="7d7c1a56-1d1e-4a44-9a38-7b0c1f7a2e10",
        session_id="0b9f6c2e-3d4a-4f5b-8c6d-7e8f9a0b1c2d",
        as_at="2024-03-05",
        cases_held=58,
        on_agenda=2,
        items=[
            {
                "rank": 1,
                "child_id": "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
                "la_child_id": "C0001",
                "case_id": "8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d",
                "family_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "worker_id": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
                "statuses": ["CP"],
                "last_discussed_on": "2024-02-20",
                "due_on": "2024-03-19",
                "interval_weeks": 4,
                "reasons": [
                    {
                        "code": "scaling_drop",
                        "detail": "parent's safety score fell from 6 to 3 on 2024-02-20",
                        "since": "2024-02-20",
                    }
                ],
                "discussed_in_this_session": False,
            },
            {
                "rank": 2,
                "child_id": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
                "la_child_id": "C0417",
                "case_id": "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
                "family_id": None,
                "worker_id": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
                "statuses": ["CLA"],
                "last_discussed_on": "2024-02-06",
                "due_on": "2024-03-05",
                "interval_weeks": 4,
                "reasons": [
                    {
                        "code": "due",
                        "detail": "last discussed 2024-02-06, due 2024-03-05 (every 4 weeks (CLA))",
                        "since": "2024-02-06",
                    }
                ],
                "discussed_in_this_session": True,
            },
        ],
    )
    pod_id: uuid.UUID
    session_id: uuid.UUID | None
    as_at: date
    cases_held: int = Field(description="Cases the pod holds on the day.")
    on_agenda: int
    items: list[AgendaItemOut]
