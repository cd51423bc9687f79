"""Rebalancing plans: a leaver's reallocation or a recalibration, proposed first and applied on approval."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from services.allocation.api.schemas.dates import IsoDate
from services.allocation.api.schemas.staff import MembershipOut
from services.allocation.api.schemas.transfers import ContinuityCostOut
from shared.runtime.bodies import Id, In, UtcDateTime, example
from shared.vocabulary import TransferReasonCode


class MoveOut(BaseModel):
    case_id: uuid.UUID
    child_id: uuid.UUID
    from_worker_id: uuid.UUID
    to_worker_id: uuid.UUID
    from_pod_id: uuid.UUID
    to_pod_id: uuid.UUID
    points: float
    knows_family: bool = Field(description="The receiver has held one of this family's cases before.")
    crosses_pod: bool
    reason: TransferReasonCode
    continuity: ContinuityCostOut


class UndecidedOut(BaseModel):
    case_id: uuid.UUID
    child_id: uuid.UUID
    pod_id: uuid.UUID
    points: float
    reason: str


class LoadOut(BaseModel):
    worker_id: uuid.UUID
    cases: int
    points: float
    capacity: float


class StillOverOut(BaseModel):
    worker_id: uuid.UUID
    points: float
    capacity: float
    reason: str


class AppliedOut(BaseModel):
    case_id: uuid.UUID
    to_worker_id: uuid.UUID
    allocation_id: uuid.UUID


class PlanOut(BaseModel):
    id: uuid.UUID
    kind: Literal["leaver", "recalibration"]
    state: Literal["proposed", "applied", "rejected"]
    pod_id: uuid.UUID | None
    worker_id: uuid.UUID | None = Field(description="The leaver, for a leaver's plan.")
    across_pods: bool
    as_at: date = Field(description="The date the loads and memberships were read as at.")
    proposed_by: str
    proposed_at: UtcDateTime
    decided_by: str | None
    decided_at: UtcDateTime | None
    decision_note: str | None
    moves: list[MoveOut]
    needs_decision: list[UndecidedOut] = Field(description="Cases nobody has room for: apply needs an override.")
    before: list[LoadOut]
    after: list[LoadOut]
    unresolved: list[StillOverOut]
    trade_offs: list[str]
    applied: list[AppliedOut]


class Override(In):
    case_id: Id
    to_worker_id: Id


class PlanApply(In):
    model_config = example(
        effective_date="2016-07-01",
        overrides=[
            {"case_id": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b", "to_worker_id": "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"}
        ],
        note="agreed in group supervision",
    )
    effective_date: IsoDate = Field(description="When the moves take effect; never in the future.")
    overrides: list[Override] = Field(
        default_factory=list,
        max_length=2000,
        description="A receiver for a case the plan left to decide, or instead of the one it proposed.",
    )
    note: str = Field(default="", max_length=1000)


class RecalibrationIn(In):
    model_config = example(across_pods=False)
    across_pods: bool = Field(default=False, description="After a duty period: rebalance across every pod.")


class LeavingOut(BaseModel):
    membership: MembershipOut
    plan: PlanOut | None = Field(description="The reallocation plan, when this was the worker's last membership.")
