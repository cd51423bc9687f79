"""Once per batch, after its facts are in the view: who holds each child the batch touched (scope follows it), and
which covers reach which children (allocation records cover against a worker, not a child, and the cover may
arrive before or after the allocations it reaches: pairing both ways, each time, ends the same whatever the order)."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from services.records.handlers import subscriptions
from services.records.handlers.chronology import write_cover
from services.records.models import Holder, KnownAllocation, KnownCase, KnownCover
from services.records.queries import view
from services.records.rules.holding import holding
from shared.events.allocation import CoverEnded, CoverStarted
from shared.messaging.subscriptions import EventContext
from shared.runtime.unit_of_work import UnitOfWork

CHILDREN_TOPIC = "allocation.cases"


@subscriptions.after_each_batch
async def follow_who_holds_each_child(uow: UnitOfWork, applied: list[EventContext]) -> None:
    children: set[uuid.UUID] = set()
    covers: set[uuid.UUID] = set()
    for context in applied:
        if context.topic == CHILDREN_TOPIC:
            child_id = getattr(context.envelope.decode(), "child_id", None)
            if isinstance(child_id, uuid.UUID):
                children.add(child_id)
        elif context.envelope.type in (CoverStarted.type_name(), CoverEnded.type_name()):
            covers.add(getattr(context.envelope.decode(), "cover_id"))  # noqa: B009 - a cover event, by its type
    if not children and not covers:
        return
    await uow.flush()
    children |= await children_reached_by(uow, covers)
    await refresh_holders(uow, children)
    await pair_covers(uow, children)


async def children_reached_by(uow: UnitOfWork, cover_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    if not cover_ids:
        return set()
    reached: set[uuid.UUID] = set()
    for cover in (await uow.session.scalars(sa.select(KnownCover).where(KnownCover.cover_id.in_(cover_ids)))).all():
        if cover.case_id is not None:
            query = sa.select(KnownCase.child_id).where(KnownCase.case_id == cover.case_id)
        elif cover.worker_id is not None and cover.start is not None:
            query = sa.select(KnownAllocation.child_id).where(
                KnownAllocation.worker_id == cover.worker_id,
                KnownAllocation.start <= cover.start,
                sa.or_(KnownAllocation.end.is_(None), KnownAllocation.end > cover.start),
            )
        else:
            continue
        reached |= {child_id for child_id in (await uow.session.scalars(query)).all() if child_id is not None}
    return reached


async def refresh_holders(uow: UnitOfWork, child_ids: Collection[uuid.UUID]) -> None:
    if not child_ids:
        return
    cases, periods = await view.cases_of(uow, child_ids), await view.periods_of(uow, child_ids)
    rows: list[dict[str, Any]] = []
    for child_id in sorted(child_ids):
        held = holding(cases.get(child_id, []), periods.get(child_id, []))
        if held is not None:
            rows.append(
                {
                    "child_id": child_id,
                    "case_id": held.case_id,
                    "pod_id": held.pod_id,
                    "worker_id": held.worker_id,
                    "case_open": held.case_open,
                }
            )
    if rows:
        await uow.session.execute(_replace_holder(uow.session.get_bind().dialect.name), rows)


def _replace_holder(dialect_name: str) -> Any:
    table: sa.Table = Holder.__table__  # type: ignore[assignment]
    statement = (postgresql if dialect_name == "postgresql" else sqlite).insert(table)
    return statement.on_conflict_do_update(
        index_elements=["child_id"],
        set_={c.name: statement.excluded[c.name] for c in table.columns if not c.primary_key},
    )


async def pair_covers(uow: UnitOfWork, child_ids: Collection[uuid.UUID]) -> None:
    if not child_ids:
        return
    cases, periods = await view.cases_of(uow, child_ids), await view.periods_of(uow, child_ids)
    case_ids = {case.case_id for found in cases.values() for case in found}
    workers = {p.worker_id for found in periods.values() for p in found if p.worker_id is not None}
    of_all_cases = sa.and_(KnownCover.case_id.is_(None), KnownCover.worker_id.in_(workers))
    query = sa.select(KnownCover).where(sa.or_(KnownCover.case_id.in_(case_ids), of_all_cases))
    covers = list((await uow.session.scalars(query)).all())
    for child_id in child_ids:
        own_cases = {case.case_id for case in cases.get(child_id, [])}
        for cover in covers:
            if cover.start is None:
                continue
            if cover.case_id is not None:
                case_id = cover.case_id if cover.case_id in own_cases else None
            else:
                held = next(
                    (p for p in periods.get(child_id, []) if p.worker_id == cover.worker_id and p.open_on(cover.start)),
                    None,
                )
                case_id = held.case_id if held else None
            if case_id is not None:
                write_cover(uow, cover, child_id, case_id)
