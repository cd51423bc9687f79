"""Counts per pod over a period, with no child named: what performance analysts see of supervision."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa

from services.supervision.models import (
    Action,
    Allocation,
    CaseAudit,
    DiscussedChild,
    ReflectiveGroup,
    ReflectiveSession,
    Score,
    Session,
)
from shared.runtime.unit_of_work import UnitOfWork

COUNTS = (
    "children_held",
    "sessions_held",
    "sessions_signed_off",
    "sessions_cancelled",
    "children_discussed",
    "decisions",
    "scores",
    "actions_set",
    "actions_done",
    "actions_cancelled",
    "actions_overdue",
    "reflective_sessions",
    "case_audits",
)


async def counts(
    uow: UnitOfWork, since: date, until: date, pods: set[uuid.UUID] | None
) -> dict[uuid.UUID, dict[str, int]]:
    """Per pod: children held on `until`; sessions, discussions, scores, actions and audits from `since` to
    `until` (inclusive); actions overdue on `until`."""
    found: dict[uuid.UUID, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))

    async def add(name: str, query: sa.Executable) -> None:
        for pod_id, count in (await uow.session.execute(query)).all():
            if pod_id is not None and (pods is None or pod_id in pods):
                found[pod_id][name] = int(count)

    count = sa.func.count()
    held = sa.and_(Allocation.start_date <= until, sa.or_(Allocation.end_date.is_(None), Allocation.end_date > until))
    in_error = sa.func.coalesce(Allocation.entered_in_error, False)
    await add(
        "children_held",
        sa.select(Allocation.pod_id, sa.func.count(sa.distinct(Allocation.child_id)))
        .where(held, sa.not_(in_error))
        .group_by(Allocation.pod_id),
    )
    held_in_range = Session.held_on.between(since, until)
    for name, state in (("sessions_held", ("held", "signed_off")), ("sessions_signed_off", ("signed_off",))):
        await add(
            name,
            sa.select(Session.pod_id, count).where(held_in_range, Session.state.in_(state)).group_by(Session.pod_id),
        )
    await add(
        "sessions_cancelled",
        sa.select(Session.pod_id, count)
        .where(Session.state == "cancelled", Session.scheduled_for.between(since, until))
        .group_by(Session.pod_id),
    )
    discussed = (
        sa.select(Session.pod_id)
        .join(DiscussedChild, DiscussedChild.session_id == Session.id)
        .where(DiscussedChild.discussed_on.between(since, until))
    )
    await add(
        "children_discussed",
        discussed.add_columns(sa.func.count(sa.distinct(DiscussedChild.child_id))).group_by(Session.pod_id),
    )
    await add("decisions", discussed.add_columns(count).group_by(Session.pod_id))
    await add(
        "scores",
        sa.select(Session.pod_id, count)
        .join(Score, Score.session_id == Session.id)
        .where(Score.scored_on.between(since, until))
        .group_by(Session.pod_id),
    )
    await add(
        "actions_set",
        sa.select(Action.pod_id, count).where(Action.set_on.between(since, until)).group_by(Action.pod_id),
    )
    for name, status in (("actions_done", "done"), ("actions_cancelled", "cancelled")):
        await add(
            name,
            sa.select(Action.pod_id, count)
            .where(Action.status == status, Action.closed_on.between(since, until))
            .group_by(Action.pod_id),
        )
    open_on_until = sa.or_(Action.status == "open", Action.closed_on > until)
    await add(
        "actions_overdue",
        sa.select(Action.pod_id, count)
        .where(Action.set_on <= until, Action.due_date < until, open_on_until)
        .group_by(Action.pod_id),
    )
    await add(
        "reflective_sessions",
        sa.select(ReflectiveGroup.pod_id, count)
        .join(ReflectiveSession, ReflectiveSession.group_id == ReflectiveGroup.id)
        .where(ReflectiveSession.held_on.between(since, until))
        .group_by(ReflectiveGroup.pod_id),
    )
    await add(
        "case_audits",
        sa.select(CaseAudit.pod_id, count).where(CaseAudit.audited_on.between(since, until)).group_by(CaseAudit.pod_id),
    )
    return dict(sorted(found.items(), key=lambda item: str(item[0])))


def service_total(by_pod: Iterable[dict[str, int]]) -> dict[str, int]:
    total = dict.fromkeys(COUNTS, 0)
    for pod in by_pod:
        for name, value in pod.items():
            total[name] += value
    return total
