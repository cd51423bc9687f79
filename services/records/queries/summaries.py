"""Case summaries: a case's summaries, its cadence, and when the next is due; and a pod's cases with summaries due
and overdue."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from services.records.models import Entry, Holder, KnownCase, SummaryCadence
from services.records.rules.summaries import SummaryDue, summary_due
from services.records.settings import RecordsSettings
from shared.runtime.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class CaseSummaries:
    case: KnownCase
    cadence: SummaryCadence | None
    due: SummaryDue


def _completed_summaries() -> sa.ColumnElement[bool]:
    return sa.and_(Entry.entry_type == "case_summary", Entry.status == "complete", Entry.entered_in_error_at.is_(None))


async def summaries_of(uow: UnitOfWork, case: KnownCase) -> list[Entry]:
    query = sa.select(Entry).where(Entry.case_id == case.case_id, _completed_summaries())
    return list((await uow.session.scalars(query.order_by(Entry.occurred_on.desc(), Entry.recorded_at.desc()))).all())


async def due(
    uow: UnitOfWork, cases: Collection[KnownCase], as_at: date, settings: RecordsSettings
) -> list[CaseSummaries]:
    ids = [case.case_id for case in cases]
    cadences = {
        c.case_id: c
        for c in (await uow.session.scalars(sa.select(SummaryCadence).where(SummaryCadence.case_id.in_(ids)))).all()
    }
    latest = dict(
        (
            await uow.session.execute(
                sa.select(Entry.case_id, sa.func.max(Entry.occurred_on))
                .where(Entry.case_id.in_(ids), _completed_summaries(), Entry.occurred_on <= as_at)
                .group_by(Entry.case_id)
            )
        ).all()
    )
    found = []
    for case in cases:
        cadence = cadences.get(case.case_id)
        weeks = cadence.weeks if cadence else settings.summary_cadence_weeks
        found.append(
            CaseSummaries(
                case, cadence, summary_due(case.referral_date, case.closed_on, latest.get(case.case_id), weeks, as_at)
            )
        )
    return found


async def pod_cases(uow: UnitOfWork, pod_id: uuid.UUID) -> list[KnownCase]:
    """The open cases the pod holds."""
    query = (
        sa.select(KnownCase)
        .join(Holder, Holder.case_id == KnownCase.case_id)
        .where(Holder.pod_id == pod_id, KnownCase.closed_on.is_(None))
    )
    return list((await uow.session.scalars(query)).all())
