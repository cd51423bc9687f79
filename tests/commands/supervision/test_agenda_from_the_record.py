"""The agenda read from the service's own record and its view of allocation: when each child was last discussed,
their scores and their actions, for the cases the pod holds on the session's day."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from services.supervision.commands import sessions
from services.supervision.commands.discussions import ActionAgreed, ScoreGiven
from services.supervision.models import platform
from services.supervision.queries.agenda import agenda_of
from services.supervision.rules.agenda import AgendaPolicy
from shared.auth import Principal, Role
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.supervision.pods import Pods

FEB, MARCH, APRIL = date(2024, 2, 6), date(2024, 3, 5), date(2024, 4, 2)


def _manager(pods: Pods) -> Principal:
    return Principal("nora", frozenset({Role.pod_manager}), frozenset({pods.north}))


async def test_the_agenda_knows_what_happened_since_each_child_was_last_discussed(uow: UnitOfWork, pods: Pods) -> None:
    for name in ("calm", "dropped", "late", "never"):
        await pods.child(name, since=date(2023, 6, 5))
    await pods.child("south", since=date(2023, 6, 5), pod=pods.south, worker="vic")
    february = await pods.held_session(FEB)
    for name in ("calm", "dropped", "late"):
        await pods.discuss(february, name, scores=[ScoreGiven("parent", 6)])
    march = await pods.held_session(MARCH)
    await pods.discuss(march, "calm", scores=[ScoreGiven("parent", 6)])
    await pods.discuss(march, "dropped", scores=[ScoreGiven("parent", 3)])
    await pods.discuss(
        march, "late", actions=[ActionAgreed("Chase the health visitor report", pods.workers["amy"], date(2024, 3, 20))]
    )
    april = await sessions.schedule_session(
        uow, pods.north, kind="group", scheduled_for=date(2024, 3, 26), starts_at=None, supervisee_id=None, by="t"
    )

    found = await agenda_of(uow, _manager(pods), pods.north, april.scheduled_for, AgendaPolicy(), april)

    assert found.cases_held == 4, "the South pod's child is not North's"
    reasons = {
        next(k for k, v in pods.children.items() if v == item.case.child_id): [r.code for r in item.reasons]
        for item in found.items
    }
    assert reasons == {
        "dropped": ["scaling_drop"],
        "late": ["overdue_actions"],
        "never": ["newly_allocated", "never_discussed"],
    }
    assert [item.case.child_id for item in found.items][:2] == [pods.children["dropped"], pods.children["late"]]


async def test_a_sessions_own_discussions_are_marked_not_counted(uow: UnitOfWork, pods: Pods) -> None:
    await pods.child("zoe", since=date(2023, 6, 5))
    february = await pods.held_session(FEB)
    await pods.discuss(february, "zoe")
    april = await pods.held_session(APRIL)
    await pods.discuss(april, "zoe")

    during = await agenda_of(uow, _manager(pods), pods.north, APRIL, AgendaPolicy(), april)
    after = await agenda_of(uow, _manager(pods), pods.north, APRIL, AgendaPolicy())

    [item] = during.items
    assert (item.case.last_discussed_on, item.case.discussed_in_session) == (FEB, True)
    assert [r.code for r in item.reasons] == ["overdue"]
    assert after.items == [], "discussed today, so not due for four weeks"


async def test_reading_the_agenda_is_audited_against_each_child_on_it(uow: UnitOfWork, pods: Pods) -> None:
    child = await pods.child("zoe")

    await agenda_of(uow, _manager(pods), pods.north, MARCH, AgendaPolicy())
    await uow.flush()

    rows = (await uow.session.execute(sa.select(platform.audit_log.c.child_id, platform.audit_log.c.resource))).all()
    assert [(row.child_id, row.resource) for row in rows] == [(str(child), f"pod/{pods.north}/agenda")]
    assert uuid.UUID(rows[0].child_id) == child
