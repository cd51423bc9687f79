"""How often a case needs a case summary: the pod manager sets each case's cadence (weeks)."""

from __future__ import annotations

from datetime import UTC, datetime

from services.records.models import KnownCase, SummaryCadence
from shared.auth import Principal
from shared.problems import Invalid
from shared.runtime.http import check_if_match
from shared.runtime.unit_of_work import UnitOfWork

MAX_CADENCE_WEEKS = 52


async def set_cadence(
    uow: UnitOfWork, case: KnownCase, principal: Principal, weeks: int, *, if_match: str | None = None
) -> SummaryCadence:
    if not 1 <= weeks <= MAX_CADENCE_WEEKS:
        raise Invalid(f"a case summary is due every 1 to {MAX_CADENCE_WEEKS} weeks", field="weeks")
    cadence = await uow.session.get(SummaryCadence, case.case_id, with_for_update=True)
    if cadence is not None:
        check_if_match(if_match, cadence.version, what="the cadence")
    now = datetime.now(UTC)
    if cadence is None:
        cadence = SummaryCadence(case_id=case.case_id, weeks=weeks, set_by=principal.subject, set_at=now, version=1)
        uow.session.add(cadence)
    else:
        cadence.weeks, cadence.set_by, cadence.set_at = weeks, principal.subject, now
    return cadence
