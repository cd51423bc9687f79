"""Case audits: a child's case audited by the social worker with their manager, over the child's whole journey."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import cast

import sqlalchemy as sa

from services.supervision.commands.sessions import refuse_future
from services.supervision.models import Case, CaseAudit
from services.supervision.queries.view import child_pod, known_workers
from services.supervision.rules.audits import AREAS, GRADES_BEST_FIRST, THEMES, quarter_bounds
from shared.events.supervision import CaseAuditCompleted
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork
from shared.vocabulary import AuditAreaCode, AuditGradeCode, PracticeThemeCode


async def record_audit(
    uow: UnitOfWork,
    *,
    child_id: uuid.UUID,
    quarter: str,
    audited_on: date,
    worker_id: uuid.UUID,
    manager_id: uuid.UUID,
    grades: Mapping[str, str],
    overall_grade: str,
    themes: Sequence[str],
    done_well: str,
    must_improve: str,
    by: str,
) -> CaseAudit:
    """A completed audit: it lands in the child's story, and in the quarter's report of grades and themes."""
    _check_findings(quarter, audited_on, grades, overall_grade, themes)
    if worker_id == manager_id:
        raise Invalid("a case is audited by the social worker with their manager: two people", field="manager_id")
    known = await known_workers(uow, [worker_id, manager_id])
    for field, worker in (("worker_id", worker_id), ("manager_id", manager_id)):
        if worker not in known:
            raise Invalid(f"no worker {worker} (workers come from the allocation service)", field=field)
    pod_id = await child_pod(uow, child_id)
    if pod_id is None:
        raise Conflict("no pod has held this child's case: there is nothing to audit yet", field="child_id")
    case_id = await uow.session.scalar(
        sa.select(Case.case_id).where(Case.child_id == child_id).order_by(Case.referral_date.desc()).limit(1)
    )
    audit = CaseAudit(
        id=uuid.uuid4(),
        child_id=child_id,
        case_id=case_id,
        pod_id=pod_id,
        worker_id=worker_id,
        manager_id=manager_id,
        quarter=quarter,
        audited_on=audited_on,
        grades=dict(grades),
        overall_grade=overall_grade,
        themes=sorted(set(themes)),
        done_well=done_well,
        must_improve=must_improve,
        recorded_by=by,
        recorded_at=datetime.now(UTC),
    )
    uow.session.add(audit)
    uow.publish(
        CaseAuditCompleted(
            audit_id=audit.id,
            child_id=child_id,
            case_id=case_id,
            pod_id=pod_id,
            worker_id=worker_id,
            manager_id=manager_id,
            quarter=quarter,
            audited_on=audited_on,
            grades=cast(dict[AuditAreaCode, AuditGradeCode], audit.grades),
            overall_grade=cast(AuditGradeCode, overall_grade),
            themes=cast(list[PracticeThemeCode], audit.themes),
            done_well=done_well,
            must_improve=must_improve,
        )
    )
    return audit


def _check_findings(
    quarter: str, audited_on: date, grades: Mapping[str, str], overall_grade: str, themes: Sequence[str]
) -> None:
    try:
        first, _ = quarter_bounds(quarter)
    except ValueError as bad:
        raise Invalid(str(bad), field="quarter") from None
    refuse_future(audited_on, "audited_on")
    if audited_on < first:
        raise Invalid(f"audited_on is before the quarter began ({first})", field="audited_on")
    if not grades:
        raise Invalid("grade at least one area of the child's journey", field="grades")
    for area, grade in grades.items():
        if area not in AREAS:
            raise Invalid(f"an area is one of {', '.join(AREAS)}", field=f"grades.{area}")
        if grade not in GRADES_BEST_FIRST:
            raise Invalid(f"a grade is one of {', '.join(GRADES_BEST_FIRST)}", field=f"grades.{area}")
    if overall_grade not in GRADES_BEST_FIRST:
        raise Invalid(f"a grade is one of {', '.join(GRADES_BEST_FIRST)}", field="overall_grade")
    for index, theme in enumerate(themes):
        if theme not in THEMES:
            raise Invalid(f"a theme is one of {', '.join(THEMES)}", field=f"themes.{index}")
