"""Children are registered once; a child has at most one open case; statuses are dated periods."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa

from services.allocation.commands.allocations import allocate
from services.allocation.commands.court import open_proceedings
from services.allocation.commands.refusals import refuse_ending, refuse_future, refuse_unknown
from services.allocation.models import Allocation, Case, Child, StatusPeriod
from shared.events.allocation import (
    AllocationEnded,
    CaseClosed,
    CaseOpened,
    CaseStatusEnded,
    CaseStatusStarted,
    ChildFamilyChanged,
    ChildRegistered,
    CourtProceedingsEnded,
)
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork
from shared.vocabulary import CaseClosureReason, CpCategory, LegalStatus, Sex, StatusKind


async def register_child(
    uow: UnitOfWork,
    *,
    la_child_id: str,
    given_name: str,
    family_name: str,
    date_of_birth: date,
    sex: str,
    uasc: bool,
    family_id: uuid.UUID | None = None,
) -> Child:
    """`family_id`: a sibling's family, which the child joins; without it the child starts a family of their own."""
    refuse_future(date_of_birth, "date_of_birth")
    refuse_unknown(Sex, sex, "sex")
    if family_id is not None:
        await _require_family(uow, family_id)
    # Without autoflush, so a loader registering many children does not write everything pending per child;
    # two registrations of one id in a single flush still meet the unique constraint.
    with uow.session.no_autoflush:
        registered = await uow.session.scalar(sa.select(Child.id).where(Child.la_child_id == la_child_id))
    if registered is not None:
        raise Conflict(f"a child with la_child_id {la_child_id!r} is already registered", field="la_child_id")
    child_id = uuid.uuid4()
    child = Child(
        id=child_id,
        family_id=family_id or child_id,
        la_child_id=la_child_id,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        sex=sex,
        uasc=uasc,
        registered_at=datetime.now(UTC),
        cases=[],
    )
    uow.session.add(child)
    event = ChildRegistered(
        child_id=child.id,
        la_child_id=la_child_id,
        date_of_birth=date_of_birth,
        sex=sex,
        uasc=uasc,
        family_id=child.family_id,
    )
    uow.publish(event)
    return child


async def change_family(uow: UnitOfWork, child: Child, family_id: uuid.UUID | None) -> Child:
    """Siblings found after registration: the child joins a sibling's family, or (None) gets one of their own."""
    if family_id is not None and family_id != child.family_id:
        await _require_family(uow, family_id)
    new_family = family_id or child.id
    if new_family != child.family_id:
        child.family_id = new_family
        uow.publish(ChildFamilyChanged(child_id=child.id, family_id=new_family))
    return child


async def _require_family(uow: UnitOfWork, family_id: uuid.UUID) -> None:
    with uow.session.no_autoflush:
        known = await uow.session.scalar(sa.select(Child.id).where(Child.family_id == family_id).limit(1))
    if known is None:
        raise Invalid(f"no child belongs to family {family_id}; give a sibling's family_id", field="family_id")


async def open_case(
    uow: UnitOfWork, child: Child, *, referral_date: date, source: str, pod_id: uuid.UUID | None = None
) -> Case:
    """With `pod_id`, the pod takes the case from the referral date, awaiting a worker."""
    refuse_future(referral_date, "referral_date")
    if referral_date < child.date_of_birth:
        raise Invalid("referral_date is before the child's date of birth", field="referral_date")
    cases: list[Case] = await child.awaitable_attrs.cases
    if (still_open := next((c for c in cases if c.is_open), None)) is not None:
        raise Conflict(f"the child already has an open case {still_open.id}", field="child_id")
    latest_close = max((c.closed_on for c in cases if c.closed_on is not None), default=None)
    if latest_close is not None and referral_date < latest_close:
        raise Invalid(f"referral_date is before the previous case closed ({latest_close})", field="referral_date")
    case = Case(
        id=uuid.uuid4(),
        child_id=child.id,
        referral_date=referral_date,
        source=source,
        allocations=[],
        status_periods=[],
        covers=[],
        court_proceedings=[],
    )
    cases.append(case)
    uow.publish(CaseOpened(case_id=case.id, child_id=child.id, referral_date=referral_date, source=source))
    if pod_id is not None:
        await allocate(uow, case, pod_id=pod_id, worker_id=None, start_date=referral_date)
    return case


async def close_case(uow: UnitOfWork, case: Case, *, closed_on: date, reason: str) -> Case:
    refuse_future(closed_on, "closed_on")
    refuse_unknown(CaseClosureReason, reason, "reason")
    if not case.is_open:
        raise Conflict(f"the case was already closed on {case.closed_on}", field="case_id")
    if closed_on < case.referral_date:
        raise Invalid("closed_on is before the referral date", field="closed_on")
    events: list[AllocationEnded | CaseStatusEnded | CourtProceedingsEnded | CaseClosed] = []
    for allocation in await _open_allocations(case):
        if closed_on < allocation.start_date:
            raise Invalid(f"closed_on is before the allocation started ({allocation.start_date})", field="closed_on")
        allocation.end_date, allocation.end_reason = closed_on, "case_closed"
        events.append(
            AllocationEnded(
                allocation_id=allocation.id,
                case_id=case.id,
                child_id=case.child_id,
                end_date=closed_on,
                reason="case_closed",
            )
        )
    for status in await _open_statuses(case):
        status.end_date = max(closed_on, status.start_date)
        events.append(
            CaseStatusEnded(status_id=status.id, case_id=case.id, child_id=case.child_id, end_date=status.end_date)
        )
    for proceedings in await open_proceedings(case):
        proceedings.end_date = max(closed_on, proceedings.start_date)
        events.append(
            CourtProceedingsEnded(
                proceedings_id=proceedings.id, case_id=case.id, child_id=case.child_id, end_date=proceedings.end_date
            )
        )
    case.closed_on, case.closure_reason = closed_on, reason
    case.record_change()
    events.append(CaseClosed(case_id=case.id, child_id=case.child_id, closed_on=closed_on, reason=reason))
    uow.publish(*events)
    return case


async def start_status(
    uow: UnitOfWork,
    case: Case,
    *,
    kind: str,
    start_date: date,
    cp_category: str | None,
    legal_status: str | None,
) -> StatusPeriod:
    refuse_future(start_date, "start_date")
    refuse_unknown(StatusKind, kind, "kind")
    refuse_unknown(CpCategory, cp_category, "cp_category")
    refuse_unknown(LegalStatus, legal_status, "legal_status")
    if not case.is_open:
        raise Conflict("the case is closed; open a new case first", field="case_id")
    if start_date < case.referral_date:
        raise Invalid("start_date is before the case's referral date", field="start_date")
    if kind == "CP" and not cp_category:
        raise Invalid("a child protection plan needs a category of abuse", field="cp_category")
    if kind == "CLA" and not legal_status:
        raise Invalid("a looked-after period needs an SSDA903 legal status code", field="legal_status")
    if kind != "CP" and cp_category:
        raise Invalid("cp_category applies only to CP", field="cp_category")
    if kind != "CLA" and legal_status:
        raise Invalid("legal_status applies only to CLA", field="legal_status")
    if any(s.kind == kind for s in await _open_statuses(case)):
        raise Conflict(f"the case already has an open {kind} period; end it first", field="kind")
    statuses: list[StatusPeriod] = await case.awaitable_attrs.status_periods
    if covering := next((s for s in statuses if s.kind == kind and s.end_date and s.end_date > start_date), None):
        raise Conflict(
            f"the case's {kind} period from {covering.start_date} to {covering.end_date} already covers {start_date}: "
            f"{kind} periods of one case follow each other, they do not overlap",
            field="start_date",
        )
    status = StatusPeriod(
        id=uuid.uuid4(),
        case_id=case.id,
        kind=kind,
        start_date=start_date,
        cp_category=cp_category,
        legal_status=legal_status,
    )
    case.status_periods.append(status)
    case.record_change()
    event = CaseStatusStarted(
        status_id=status.id,
        case_id=case.id,
        child_id=case.child_id,
        kind=kind,
        start_date=start_date,
        cp_category=cp_category,
        legal_status=legal_status,
    )
    uow.publish(event)
    return status


async def end_status(uow: UnitOfWork, case: Case, status: StatusPeriod, *, end_date: date) -> StatusPeriod:
    refuse_ending(status.start_date, status.end_date, end_date, what=f"{status.kind} period", field="status_id")
    status.end_date = end_date
    case.record_change()
    uow.publish(CaseStatusEnded(status_id=status.id, case_id=case.id, child_id=case.child_id, end_date=end_date))
    return status


async def _open_allocations(case: Case) -> list[Allocation]:
    allocations: list[Allocation] = await case.awaitable_attrs.allocations
    return [a for a in allocations if a.end_date is None and not a.entered_in_error]


async def _open_statuses(case: Case) -> list[StatusPeriod]:
    statuses: list[StatusPeriod] = await case.awaitable_attrs.status_periods
    return [s for s in statuses if s.end_date is None]
