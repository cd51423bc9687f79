"""The SSDA903 return's populations and sources: the header and looked-after periods of every child looked after at
any time in the reporting year, and the social worker episodes, across all their cases, of each child looked after
on 31 March (docs/ssda903.md)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

import sqlalchemy as sa

from services.allocation.models import Allocation, Case, Child, StatusPeriod, Worker
from services.allocation.rules.ssda903 import (
    EPISODES_COLUMNS,
    HEADER_COLUMNS,
    SW_EPISODES_COLUMNS,
    ChildHeaderSource,
    ClaPeriodSource,
    SwEpisodeSource,
    episodes_rows,
    header_rows,
    reason_ceased,
    reporting_year,
    sw_episodes_rows,
    to_csv,
)
from shared.runtime.unit_of_work import UnitOfWork
from shared.vocabulary import CaseClosureReason, LegalStatus, Sex, TransferReason


@dataclass(frozen=True, slots=True)
class Export:
    csv: str
    child_ids: list[uuid.UUID]


def sw_id(worker: Worker) -> str:
    """The Social Work England registration; an agency worker without one gets `XX` and a stable short id."""
    return worker.registration_number or f"XX{worker.id.hex[:8].upper()}"


def in_care_during(year: int) -> sa.Select[uuid.UUID]:
    first, last = reporting_year(year)
    return (
        sa.select(Case.child_id)
        .join(StatusPeriod, StatusPeriod.case_id == Case.id)
        .where(
            StatusPeriod.kind == "CLA",
            StatusPeriod.start_date <= last,
            sa.or_(StatusPeriod.end_date.is_(None), StatusPeriod.end_date >= first),
        )
    )


def in_care_on_31_march(year: int) -> sa.Select[uuid.UUID]:
    """Looked after at the end of 31 March: a child who ceased care that day is not (docs/kpi.md, Dates)."""
    last = reporting_year(year)[1]
    return (
        sa.select(Case.child_id)
        .join(StatusPeriod, StatusPeriod.case_id == Case.id)
        .where(
            StatusPeriod.kind == "CLA",
            StatusPeriod.start_date <= last,
            sa.or_(StatusPeriod.end_date.is_(None), StatusPeriod.end_date > last),
        )
    )


async def looked_after_children(uow: UnitOfWork, year: int, *, on_31_march: bool = False) -> list[Child]:
    population = in_care_on_31_march(year) if on_31_march else in_care_during(year)
    query = sa.select(Child).where(Child.id.in_(population)).order_by(Child.la_child_id)
    return list((await uow.session.scalars(query)).all())


async def sw_episodes(uow: UnitOfWork, year: int) -> Export:
    """Only children looked after on 31 March: the module is theirs (the DfE rules SW11b, SW12 and SW17 all read
    it so), with every episode of theirs overlapping the year, those before care included."""
    children = await looked_after_children(uow, year, on_31_march=True)
    by_id = {child.id: child for child in children}
    query = (
        sa.select(Allocation, Case.child_id, Worker)
        .join(Case, Case.id == Allocation.case_id)
        .join(Worker, Worker.id == Allocation.worker_id)
        .where(Case.child_id.in_(in_care_on_31_march(year)), Allocation.entered_in_error.is_(False))
        .order_by(Case.child_id, Allocation.start_date, Allocation.recorded_at)
    )
    episodes: list[SwEpisodeSource] = []
    for allocation, child_id, worker in (await uow.session.execute(query)).all():
        child = by_id[child_id]
        previous = episodes[-1] if episodes else None
        # One row per worker period: a period recorded in two pieces (a case closed and reopened the same day
        # with the same worker, or a correction) is still one episode.
        if previous and (previous.child_la_id, previous.worker_sw_id, previous.end) == (
            child.la_child_id,
            sw_id(worker),
            allocation.start_date,
        ):
            episodes[-1] = replace(previous, end=allocation.end_date)
            continue
        reason = allocation.start_reason or TransferReason.FCONTA.value
        episodes.append(
            SwEpisodeSource(
                child.la_child_id,
                sw_id(worker),
                allocation.start_date,
                allocation.end_date,
                reason,
                child.date_of_birth,
            )
        )
    rows = sw_episodes_rows(episodes, year)
    return Export(to_csv(rows, SW_EPISODES_COLUMNS), [child.id for child in children])


async def header(uow: UnitOfWork, year: int) -> Export:
    children = await looked_after_children(uow, year)
    sources = [ChildHeaderSource(child.la_child_id, Sex(child.sex), child.date_of_birth) for child in children]
    return Export(to_csv(header_rows(sources, year), HEADER_COLUMNS), [child.id for child in children])


async def episodes(uow: UnitOfWork, year: int) -> Export:
    """One row per looked-after status period; a change of legal status is a new period, as the 903 records it."""
    children = await looked_after_children(uow, year)
    by_id = {child.id: child for child in children}
    query = (
        sa.select(StatusPeriod, Case.child_id, Case.closed_on, Case.closure_reason)
        .join(Case, Case.id == StatusPeriod.case_id)
        .where(StatusPeriod.kind == "CLA", Case.child_id.in_(in_care_during(year)))
        .order_by(Case.child_id, StatusPeriod.start_date)
    )
    periods = [
        ClaPeriodSource(
            by_id[child_id].la_child_id,
            period.start_date,
            period.end_date,
            LegalStatus(period.legal_status or ""),
            reason_ceased=_reason_ceased(period, closed_on, closure_reason),
        )
        for period, child_id, closed_on, closure_reason in (await uow.session.execute(query)).all()
    ]
    return Export(to_csv(episodes_rows(periods, year), EPISODES_COLUMNS), [child.id for child in children])


def _reason_ceased(period: StatusPeriod, closed_on: date | None, closure_reason: str | None) -> str | None:
    """A period that ended with its case takes the case's closure reason (see rules.ssda903.reason_ceased)."""
    if period.end_date is None:
        return None
    if closed_on != period.end_date or closure_reason is None:
        return reason_ceased(None).value
    return reason_ceased(CaseClosureReason(closure_reason)).value
