"""Case audits (the quality assurance framework), the quarterly sample and the quarterly report."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response, status

from services.supervision.api.callers import Counter, PodStaff, Reader
from services.supervision.api.schemas.audits import AuditReportOut, CaseAuditIn, CaseAuditOut, SampleOut, TallyOut
from services.supervision.commands import audits as commands
from services.supervision.models import CaseAudit
from services.supervision.queries import audits as queries
from services.supervision.queries import scope
from services.supervision.rules.audits import QUARTER_PATTERN, Tally, quarter_bounds
from shared.problems import Invalid
from shared.runtime.http import UnitOfWorkDep, service_router

router = service_router(tags=["case audits"])
Quarter = Annotated[str, Query(pattern=QUARTER_PATTERN, description="A calendar quarter, e.g. 2024-Q3")]


def audit_out(audit: CaseAudit) -> CaseAuditOut:
    return CaseAuditOut.model_validate(
        {
            "id": audit.id,
            "child_id": audit.child_id,
            "case_id": audit.case_id,
            "pod_id": audit.pod_id,
            "quarter": audit.quarter,
            "audited_on": audit.audited_on,
            "worker_id": audit.worker_id,
            "manager_id": audit.manager_id,
            "grades": audit.grades,
            "overall_grade": audit.overall_grade,
            "themes": audit.themes,
            "done_well": audit.done_well,
            "must_improve": audit.must_improve,
            "recorded_at": audit.recorded_at,
        }
    )


def tally_out(tally: Tally) -> TallyOut:
    return TallyOut.model_validate(
        {
            "audits": tally.audits,
            "good_or_better": tally.good_or_better(),
            "overall": dict(tally.overall),
            "by_area": {area: dict(grades) for area, grades in sorted(tally.by_area.items())},
            "themes": dict(tally.themes.most_common()),
        }
    )


@router.post("/case-audits", status_code=status.HTTP_201_CREATED, response_model=CaseAuditOut)
async def record_audit(body: CaseAuditIn, uow: UnitOfWorkDep, principal: PodStaff, response: Response) -> CaseAuditOut:
    """Record a completed case audit: the social worker with their manager, over the child's whole journey, a
    grade per area (outstanding, good, requires improvement, inadequate) and overall, what was done well, what
    must improve and the practice themes found. It lands in the child's story and the quarter's report."""
    await scope.child_for(uow, principal, body.child_id, "write", "/case-audits")
    audit = await commands.record_audit(
        uow,
        child_id=body.child_id,
        quarter=body.quarter,
        audited_on=body.audited_on,
        worker_id=body.worker_id,
        manager_id=body.manager_id,
        grades={area: grade for area, grade in body.grades.items()},
        overall_grade=body.overall_grade,
        themes=body.themes,
        done_well=body.done_well,
        must_improve=body.must_improve,
        by=principal.subject,
    )
    response.headers["Location"] = f"/supervision/v1/case-audits/{audit.id}"
    return audit_out(audit)


@router.get("/case-audits/report", response_model=AuditReportOut)
async def quarterly_report(
    uow: UnitOfWorkDep,
    principal: Counter,
    quarter: Quarter,
    pod_id: Annotated[uuid.UUID | None, Query(description="Only this pod")] = None,
) -> AuditReportOut:
    """The quarter's case audits for learning and development, per pod and for the service: how many, the grades
    given overall and per area, the practice themes tagged. Counts only; a pod manager sees their own pods."""
    service, by_pod = await queries.report(uow, quarter, scope.counted_pods(principal, pod_id))
    first, last = quarter_bounds(quarter)
    return AuditReportOut.model_validate(
        {
            "quarter": quarter,
            "from": first,
            "to": last,
            "service": tally_out(service),
            "pods": {pod: tally_out(tally) for pod, tally in sorted(by_pod.items(), key=lambda item: str(item[0]))},
        }
    )


@router.get("/case-audits/{audit_id}", response_model=CaseAuditOut)
async def get_audit(audit_id: uuid.UUID, uow: UnitOfWorkDep, principal: Reader) -> CaseAuditOut:
    """One case audit."""
    return audit_out(await scope.case_audit_for(uow, principal, audit_id))


@router.get("/children/{child_id}/case-audits", response_model=list[CaseAuditOut])
async def child_audits(child_id: uuid.UUID, uow: UnitOfWorkDep, principal: Reader) -> list[CaseAuditOut]:
    """The child's case audits, newest first."""
    await scope.child_for(uow, principal, child_id, "read", "/case-audits")
    return [audit_out(audit) for audit in await queries.audits_of_child(uow, child_id)]


@router.get("/pods/{pod_id}/case-audits/sample", response_model=SampleOut)
async def audit_sample(
    pod_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: PodStaff,
    quarter: Quarter,
    size: Annotated[int, Query(ge=1, le=60, description="How many cases")] = 4,
) -> SampleOut:
    """The pod's sample of cases to audit in a quarter: children whose cases it holds, those not audited in the
    last year first, drawn in an order anyone can reproduce and nobody chooses."""
    scope.pod_for(uow, principal, pod_id, "read", "/case-audits/sample")
    try:
        children = await queries.audit_sample(uow, pod_id, quarter, size)
    except ValueError as bad:
        raise Invalid(str(bad), field="query.quarter") from None
    return SampleOut(pod_id=pod_id, quarter=quarter, size=len(children), child_ids=children)
