"""Visit clocks: for a child, or for every child a pod holds, when they were last seen (and seen alone) and when
the next visit is due for each status they have open, as at a day. Only completed visits count, never one entered
in error, and a visit restarts a child's clocks only if it saw the child."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from services.records.models import Entry, EntrySubject, Holder, KnownChild
from services.records.queries import view
from services.records.rules.visits import Sighting, VisitClock, visit_clock
from services.records.settings import RecordsSettings
from shared.runtime.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class Visit:
    entry_id: uuid.UUID
    occurred_on: date
    visit_kind: str
    serves_status: str
    seen: bool
    seen_alone: bool


@dataclass(frozen=True, slots=True)
class ChildClock:
    child: KnownChild
    holder: Holder | None
    clock: VisitClock


async def visits_of(uow: UnitOfWork, child_ids: Collection[uuid.UUID], until: date) -> dict[uuid.UUID, list[Visit]]:
    query = (
        sa.select(
            EntrySubject.subject_id,
            Entry.id,
            Entry.occurred_on,
            Entry.visit_kind,
            Entry.serves_status,
            EntrySubject.seen,
            EntrySubject.seen_alone,
        )
        .join(Entry, Entry.id == EntrySubject.entry_id)
        .where(
            EntrySubject.subject_id.in_(child_ids),
            Entry.entry_type == "visit",
            Entry.status == "complete",
            Entry.entered_in_error_at.is_(None),
            Entry.occurred_on <= until,
        )
        .order_by(Entry.occurred_on.desc(), Entry.recorded_at.desc())
    )
    found: dict[uuid.UUID, list[Visit]] = defaultdict(list)
    for child_id, entry_id, day, kind, serves, seen, alone in (await uow.session.execute(query)).all():
        found[child_id].append(Visit(entry_id, day, kind or "", serves or "", bool(seen), bool(alone)))
    return found


async def clocks(
    uow: UnitOfWork, children: list[KnownChild], as_at: date, settings: RecordsSettings
) -> tuple[list[ChildClock], dict[uuid.UUID, list[Visit]]]:
    ids = [child.child_id for child in children]
    statuses = await view.statuses_of(uow, ids)
    visits = await visits_of(uow, ids, as_at)
    holders = await view.holders(uow, ids)
    intervals, calendar = settings.visit_intervals(), settings.calendar()
    made = [
        ChildClock(
            child,
            holders.get(child.child_id),
            visit_clock(
                statuses.get(child.child_id, []),
                [Sighting(v.occurred_on, v.visit_kind, v.seen, v.seen_alone) for v in visits.get(child.child_id, [])],
                as_at,
                intervals,
                calendar,
            ),
        )
        for child in children
    ]
    return made, visits


async def pod_children(uow: UnitOfWork, pod_id: uuid.UUID) -> list[KnownChild]:
    """The children whose open case the pod holds."""
    query = (
        sa.select(KnownChild)
        .join(Holder, Holder.child_id == KnownChild.child_id)
        .where(Holder.pod_id == pod_id, Holder.case_open.is_(True))
        .order_by(KnownChild.la_child_id)
    )
    return list((await uow.session.scalars(query)).all())
