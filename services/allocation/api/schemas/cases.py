"""Children, their cases, status periods and allocations."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from services.allocation.api.schemas.dates import IsoDate
from shared.runtime.bodies import Id, In, example
from shared.vocabulary import (
    ClosureReasonCode,
    CpCategoryCode,
    LegalStatusCode,
    SexCode,
    StatusKindCode,
    TransferReasonCode,
)


class ChildIn(In):
    model_config = example(
        la_child_id="C0012345", given_name="Amara", family_name="Jones", date_of_birth="2009-05-14", sex="F", uasc=False
    )
    la_child_id: str = Field(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9_-]+$")
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    date_of_birth: IsoDate
    sex: SexCode
    uasc: bool = False
    family_id: Id | None = Field(
        default=None,
        description="To register a sibling: the family_id of a brother or sister already registered. "
        "Omitted, the child starts a family of their own.",
    )


class ChildOut(BaseModel):
    id: uuid.UUID
    la_child_id: str
    given_name: str
    family_name: str
    date_of_birth: date
    sex: SexCode
    uasc: bool
    family_id: uuid.UUID = Field(description="The child's family (sibling group), shared by siblings.")


class FamilyIn(In):
    model_config = example(family_id="7d7c1a56-1d1e-4a44-9a38-7b0c1f7a2e10")
    family_id: Id | None = Field(
        description="A sibling's family_id for the child to join, or null for a family of the child's own."
    )


class ProceedingsIn(In):
    model_config = example(start_date="2016-03-01")
    start_date: IsoDate


class ProceedingsEnd(In):
    model_config = example(end_date="2016-09-30")
    end_date: IsoDate


class ProceedingsOut(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID
    start_date: date
    end_date: date | None


class CaseIn(In):
    model_config = example(referral_date="2016-02-01", source="front door")
    referral_date: IsoDate
    source: str = Field(min_length=1, max_length=100)
    pod_id: Id | None = Field(
        default=None,
        description="The caller's own pod, to take the referral there: the case is allocated to the pod from the "
        "referral date, awaiting a worker. Omitted, the case awaits a pod.",
    )


class CaseClose(In):
    model_config = example(closed_on="2016-07-29", reason="RC8")
    closed_on: IsoDate
    reason: ClosureReasonCode


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
    kind: StatusKindCode
    start_date: IsoDate
    cp_category: CpCategoryCode | None = None
    legal_status: LegalStatusCode | None = None


class StatusEnd(In):
    model_config = example(end_date="2016-06-30")
    end_date: IsoDate


class StatusOut(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID
    kind: StatusKindCode
    start_date: date
    end_date: date | None
    cp_category: str | None
    legal_status: str | None


class AllocationIn(In):
    model_config = example(
        pod_id="9b2f4a52-0c41-4f7e-9f55-1c2d3e4f5a6b",
        worker_id="3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        start_date="2016-02-03",
        reason="LEFTRL",
    )
    pod_id: Id
    worker_id: Id | None = None
    start_date: IsoDate
    reason: TransferReasonCode | None = Field(
        default=None,
        description="SSDA903 SW_REASON for the social worker episode this starts, e.g. LEFTRL when the child's "
        "previous worker left; needs worker_id. Omitted, the SSDA903 export reads it as FCONTA (first contact).",
    )


class AllocationCorrection(In):
    model_config = example(
        worker_id="3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        start_date="2016-02-03",
        end_date=None,
        entered_in_error=False,
        note="recorded against the wrong worker",
    )
    worker_id: Id | None
    start_date: IsoDate
    end_date: IsoDate | None = None
    entered_in_error: bool = False
    note: str = Field(min_length=1, max_length=1000)


class AllocationEnd(In):
    model_config = example(end_date="2016-04-29", reason="LEFTRL")
    end_date: IsoDate = Field(description="The worker's last day holding the case; the case awaits a worker from it.")
    reason: TransferReasonCode = Field(
        description="SSDA903 reason the child's social worker changes, e.g. LEFTRL (the worker left their role), "
        "ABSENC (absence). The next worker allocated takes it as SW_REASON unless given another."
    )


class AllocationOut(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID
    pod_id: uuid.UUID
    worker_id: uuid.UUID | None
    start_date: date
    end_date: date | None
    start_reason: str | None = Field(description="SSDA903 reason the episode began (null: a first allocation).")
    end_reason: str | None = Field(
        description="transferred, case_closed, worker_allocated (a wait for a worker ended), or the SSDA903 reason "
        "the worker was taken off the case without a successor"
    )
    entered_in_error: bool


class UnallocatedOut(BaseModel):
    ended: AllocationOut = Field(description="The worker's allocation, now ended.")
    awaiting: AllocationOut = Field(description="The case's allocation to the same pod, awaiting a worker.")
