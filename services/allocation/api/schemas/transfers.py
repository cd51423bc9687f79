"""Transfers, their continuity cost and the requests that wait for approval."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from services.allocation.api.schemas.cases import AllocationOut
from services.allocation.api.schemas.dates import IsoDate
from shared.runtime.bodies import Id, In, example
from shared.vocabulary import TransferReasonCode


class TransferIn(In):
    model_config = example(
        to_worker_id="3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", reason="MANAGE", effective_date="2016-03-01"
    )
    to_worker_id: Id
    reason: TransferReasonCode
    effective_date: IsoDate
    to_pod_id: Id | None = None


class ContinuityCostOut(BaseModel):
    distinct_workers_in_window: int
    changes_in_window: int
    changes_worker: bool
    changes_pod: bool
    pod_changes_in_window: int
    nth_worker: str
    needs_approval: bool
    summary: str


class TransferPreview(BaseModel):
    case_id: uuid.UUID
    to_worker_id: uuid.UUID
    to_pod_id: uuid.UUID
    effective_date: date
    cost: ContinuityCostOut


class TransferRequestOut(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID
    to_worker_id: uuid.UUID
    to_pod_id: uuid.UUID
    reason: str
    effective_date: date
    state: Literal["pending", "approved", "rejected", "applied"]
    continuity_cost: ContinuityCostOut
    decided_by: str | None
    decision_note: str | None


class TransferOut(BaseModel):
    outcome: Literal["transferred", "awaiting_approval"]
    allocation: AllocationOut | None = None
    request: TransferRequestOut | None = None
    cost: ContinuityCostOut


class Decision(In):
    model_config = example(note="agreed in group supervision on 3 March")
    note: str = Field(default="", max_length=1000)
