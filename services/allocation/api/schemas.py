"""Request and response bodies. Codes are closed vocabularies so a wrong code is a 422 naming the field."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from shared.events.allocation import Role, StatusKind, TransferReason

Employment = Literal["employed", "agency"]
Sex = Literal["M", "F", "U"]
CpCategory = Literal["NEG", "PHY", "SAB", "EMO", "MUL"]
LegalStatus = Literal["C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"]
ClosureReason = Literal["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"]


class In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def example(**values: Any) -> ConfigDict:
    return ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [values]})


class PodIn(In):
    model_config = example(name="Pod 3 (North)", created_on="2015-11-02")
    name: str = Field(min_length=1, max_length=200)
    created_on: date = Field(default_factory=date.today)


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
    employment: Employment


class WorkerUpdate(In):
    model_config = example(name="Amy Osei-Brown", employment="employed")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    employment: Employment | None = None


class WorkerOut(BaseModel):
    id: uuid.UUID
    name: str
    registration_number: str | None
    employment: Employment


class MembershipIn(In):
    model_config = example(
        pod_id="9b2f4a52-0c41-4f7e-9f55-1c2d3e4f5a6b", role="social_worker", fte=1.0, start_date="2016-01-04"
    )
    pod_id: uuid.UUID
    role: Role
    fte: float = Field(gt=0, le=1)
    start_date: date


class MembershipEnd(In):
    model_config = example(end_date="2016-06-30")
    end_date: date


class MembershipOut(BaseModel):
    id: uuid.UUID
    worker_id: uuid.UUID
    pod_id: uuid.UUID
    role: Role
    fte: float
    start_date: date
    end_date: date | None


class ChildIn(In):
    model_config = example(
        la_child_id="C0012345", given_name="Amara", family_name="Jones", date_of_birth="2009-05-14", sex="F", uasc=False
    )
    la_child_id: str = Field(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9_-]+$")
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    date_of_birth: date
    sex: Sex
    uasc: bool = False


class ChildOut(BaseModel):
    id: uuid.UUID
    la_child_id: str
    given_name: str
    family_name: str
    date_of_birth: date
    sex: Sex
    uasc: bool


class CaseIn(In):
    model_config = example(referral_date="2016-02-01", source="front door")
    referral_date: date
    source: str = Field(min_length=1, max_length=100)


class CaseClose(In):
    model_config = example(closed_on="2016-07-29", reason="RC8")
    closed_on: date
    reason: ClosureReason


class CaseOut(BaseModel):
    id: uuid.UUID
    child_id: uuid.UUID
    referral_date: date
    source: str
    closed_on: date | None
    closure_reason: str | None
    version: int


class StatusIn(In):
    model_config = example(kind="CLA", start_date="2016-03-01", legal_status="C2")
    kind: StatusKind
    start_date: date
    cp_category: CpCategory | None = None
    legal_status: LegalStatus | None = None


class StatusEnd(In):
    model_config = example(end_date="2016-06-30")
    end_date: date


class StatusOut(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID
    kind: StatusKind
    start_date: date
    end_date: date | None
    cp_category: str | None
    legal_status: str | None


class AllocationIn(In):
    model_config = example(
        pod_id="9b2f4a52-0c41-4f7e-9f55-1c2d3e4f5a6b",
        worker_id="3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        start_date="2016-02-03",
    )
    pod_id: uuid.UUID
    worker_id: uuid.UUID | None = None
    start_date: date


class AllocationCorrection(In):
    model_config = example(
        worker_id="3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        start_date="2016-02-03",
        end_date=None,
        entered_in_error=False,
        note="recorded against the wrong worker",
    )
    worker_id: uuid.UUID | None
    start_date: date
    end_date: date | None = None
    entered_in_error: bool = False
    note: str = Field(min_length=1, max_length=1000)


class AllocationOut(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID
    pod_id: uuid.UUID
    worker_id: uuid.UUID | None
    start_date: date
    end_date: date | None
    start_reason: str | None
    end_reason: str | None
    entered_in_error: bool


class TransferIn(In):
    model_config = example(
        to_worker_id="3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", reason="MANAGE", effective_date="2016-03-01"
    )
    to_worker_id: uuid.UUID
    reason: TransferReason
    effective_date: date
    to_pod_id: uuid.UUID | None = None


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


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None
