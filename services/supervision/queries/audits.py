"""Case audits as read: a child's audits, a pod's sample for a quarter, and the quarter's report."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import sqlalchemy as sa

from services.supervision.models import CaseAudit
from services.supervision.queries.view import pod_holding
from services.supervision.rules.audits import AuditFindings, Tally, quarter_bounds, quarterly_report, sample
from shared.runtime.unit_of_work import UnitOfWork


async def audits_of_child(uow: UnitOfWork, child_id: uuid.UUID) -> list[CaseAudit]:
    query = sa.select(CaseAudit).where(CaseAudit.child_id == child_id).order_by(CaseAudit.audited_on.desc())
    return list((await uow.session.scalars(query)).all())


async def audit_sample(uow: UnitOfWork, pod_id: uuid.UUID, quarter: str, size: int) -> list[uuid.UUID]:
    """Children whose cases the pod holds on the quarter's first day (or today, if sooner), those not audited in
    the year before first."""
    first, _ = quarter_bounds(quarter)
    day = min(first, date.today())
    held = [child.child_id for child in await pod_holding(uow, pod_id, day)]
    recent = set()
    if held:
        query = sa.select(CaseAudit.child_id).where(
            CaseAudit.child_id.in_(held), CaseAudit.audited_on >= day - timedelta(days=365)
        )
        recent = set((await uow.session.scalars(query)).all())
    return sample(held, recent, size, pod_id, quarter)


async def report(uow: UnitOfWork, quarter: str, pods: set[uuid.UUID] | None) -> tuple[Tally, dict[uuid.UUID, Tally]]:
    """The quarter's grades and themes for the service (or the given pods) and per pod: counts only."""
    query = sa.select(CaseAudit.pod_id, CaseAudit.grades, CaseAudit.overall_grade, CaseAudit.themes).where(
        CaseAudit.quarter == quarter
    )
    if pods is not None:
        query = query.where(CaseAudit.pod_id.in_(pods))
    rows = (await uow.session.execute(query)).all()
    return quarterly_report(AuditFindings(row.pod_id, row.grades, row.overall_grade, row.themes) for row in rows)
