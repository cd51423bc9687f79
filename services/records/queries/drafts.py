"""Drafts not yet completed: listed, and overdue after a configured number of days, so they are finished rather
than lost. A worker sees their own; a pod manager also those about the children their pods hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from services.records.models import Entry, EntrySubject, Holder
from services.records.settings import RecordsSettings
from shared.auth import Principal, Role
from shared.runtime.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class Draft:
    entry: Entry
    days_old: int
    overdue: bool


async def drafts(
    uow: UnitOfWork, principal: Principal, settings: RecordsSettings, *, overdue_only: bool
) -> list[Draft]:
    query = sa.select(Entry).where(Entry.status == "draft", Entry.entered_in_error_at.is_(None))
    if not principal.has_any({Role.head_of_service}):
        mine = Entry.author == principal.subject
        if principal.has_any({Role.pod_manager}):
            held = (
                sa.select(EntrySubject.entry_id)
                .join(Holder, Holder.child_id == EntrySubject.subject_id)
                .where(Holder.pod_id.in_(principal.pods))
            )
            mine = sa.or_(mine, Entry.id.in_(held))
        query = query.where(mine)
    now = datetime.now(UTC)
    found = []
    for entry in (await uow.session.scalars(query.order_by(Entry.draft_started_at, Entry.id))).all():
        started = entry.draft_started_at.replace(tzinfo=entry.draft_started_at.tzinfo or UTC)
        days_old = (now - started).days
        overdue = days_old > settings.draft_overdue_days
        if overdue or not overdue_only:
            found.append(Draft(entry, days_old, overdue))
    children = {s.subject_id for d in found for s in d.entry.children()}
    uow.audit(principal, "read", "drafts", *sorted(children))
    return found
