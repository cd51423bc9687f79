"""Facts published by the allocation service. Ids, dates and codes only: no names travel in these events."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from shared.events.base import Event
from shared.events.registry import contract
from shared.vocabulary import EmploymentCode, PodRoleCode, SexCode, StatusKindCode, TransferReasonCode


class _AllocationEvent(Event):
    producer = "allocation"


class _PodEvent(_AllocationEvent):
    topic = "allocation.pods"
    key_field = "pod_id"


class _WorkerEvent(_AllocationEvent):
    topic = "allocation.workers"
    key_field = "worker_id"


class _ChildEvent(_AllocationEvent):
    topic = "allocation.cases"
    key_field = "child_id"


@contract
class PodCreated(_PodEvent):
    pod_id: UUID
    name: str = Field(description="The pod's name, e.g. 'Pod 3 (North)'; pods are teams, not people.")
    created_on: date


@contract
class PodRenamed(_PodEvent):
    """The pod has a new name from now on (a rename, not a new team: its cases and members stay)."""

    pod_id: UUID
    name: str = Field(description="The pod's new name.")


@contract
class WorkerRegistered(_WorkerEvent):
    worker_id: UUID
    registration_number: str | None = Field(description="Social Work England registration, e.g. SW12345.")
    employment: EmploymentCode


@contract
class WorkerEmploymentChanged(_WorkerEvent):
    """The worker moved between employed and agency (the DfE workforce census counts both)."""

    worker_id: UUID
    employment: EmploymentCode


@contract
class WorkerJoinedPod(_WorkerEvent):
    membership_id: UUID
    worker_id: UUID
    pod_id: UUID
    role: PodRoleCode
    fte: float = Field(ge=0, le=1)
    start_date: date


@contract
class WorkerLeftPod(_WorkerEvent):
    membership_id: UUID
    worker_id: UUID
    pod_id: UUID
    end_date: date


@contract
class ChildRegistered(_ChildEvent):
    child_id: UUID
    la_child_id: str = Field(description="The council's own child identifier (SSDA903 CHILD).")
    date_of_birth: date
    sex: SexCode
    uasc: bool = Field(description="Unaccompanied asylum-seeking child.")
    family_id: UUID | None = Field(
        default=None,
        description="The child's family (sibling group), shared by siblings; absent from older events.",
    )


@contract
class ChildFamilyChanged(_ChildEvent):
    """The child joined another family (sibling group), or was given a family of their own."""

    child_id: UUID
    family_id: UUID


@contract
class CaseOpened(_ChildEvent):
    case_id: UUID
    child_id: UUID
    referral_date: date
    source: str


@contract
class CaseClosed(_ChildEvent):
    case_id: UUID
    child_id: UUID
    closed_on: date
    reason: str


@contract
class CaseStatusStarted(_ChildEvent):
    status_id: UUID
    case_id: UUID
    child_id: UUID
    kind: StatusKindCode
    start_date: date
    cp_category: str | None = None
    legal_status: str | None = Field(default=None, description="SSDA903 legal status code for CLA, e.g. C2, V3.")


@contract
class CaseStatusEnded(_ChildEvent):
    status_id: UUID
    case_id: UUID
    child_id: UUID
    end_date: date


@contract
class CourtProceedingsStarted(_ChildEvent):
    """The child's case is in court proceedings (e.g. care proceedings) from this date: a heavier piece of work."""

    proceedings_id: UUID
    case_id: UUID
    child_id: UUID
    start_date: date


@contract
class CourtProceedingsEnded(_ChildEvent):
    proceedings_id: UUID
    case_id: UUID
    child_id: UUID
    end_date: date


@contract
class CaseAllocated(_ChildEvent):
    """A case allocated to a pod, and to a worker unless `worker_id` is null (awaiting allocation)."""

    allocation_id: UUID
    case_id: UUID
    child_id: UUID
    pod_id: UUID
    worker_id: UUID | None
    start_date: date
    reason: TransferReasonCode | None = None


@contract
class CaseTransferred(_ChildEvent):
    """One allocation ends and the next starts on the same effective date."""

    case_id: UUID
    child_id: UUID
    from_allocation_id: UUID
    to_allocation_id: UUID
    from_worker_id: UUID | None
    to_worker_id: UUID
    from_pod_id: UUID
    to_pod_id: UUID
    effective_date: date
    reason: TransferReasonCode
    across_pods: bool


@contract
class AllocationEnded(_ChildEvent):
    """An allocation ended on its own: the case closed (`case_closed`), or a case awaiting a worker got one
    (`worker_allocated`; the worker's allocation is a `CaseAllocated`). A worker taken off a case without a
    successor is `CaseUnallocated`; a change of worker is `CaseTransferred`."""

    allocation_id: UUID
    case_id: UUID
    child_id: UUID
    end_date: date
    reason: str


@contract
class CaseUnallocated(_ChildEvent):
    """The worker was taken off the case without a successor: their allocation (a social worker episode) ended
    and the case awaits allocation in the same pod from that day. Not a correction: this really happened."""

    case_id: UUID
    child_id: UUID
    allocation_id: UUID = Field(description="The worker's allocation, which ends.")
    worker_id: UUID
    pod_id: UUID
    end_date: date
    reason: TransferReasonCode = Field(
        description="SSDA903 reason the child's social worker changed, e.g. LEFTRL (the worker left their role)."
    )
    awaiting_allocation_id: UUID = Field(description="The case's allocation to the pod, awaiting a worker.")


@contract
class AllocationCorrected(_ChildEvent):
    """A correcting fact: the allocation's period or worker was recorded wrongly. History is not edited."""

    allocation_id: UUID
    case_id: UUID
    child_id: UUID
    pod_id: UUID
    worker_id: UUID | None
    start_date: date
    end_date: date | None
    entered_in_error: bool = False
    note: str = ""


@contract
class CoverStarted(_WorkerEvent):
    cover_id: UUID
    worker_id: UUID = Field(description="The allocated worker being covered.")
    covering_worker_id: UUID
    case_id: UUID | None = Field(description="Null when the cover is for all of the worker's cases.")
    start_date: date
    end_date: date | None
    reason: str


@contract
class CoverEnded(_WorkerEvent):
    cover_id: UUID
    worker_id: UUID
    end_date: date
