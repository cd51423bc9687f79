"""Sessions scheduled and held, and who may attend: the pod's members, and advisors who may come from another."""

from __future__ import annotations

from datetime import date, time, timedelta

from services.supervision.commands import sessions
from services.supervision.queries.sessions import attendees_of
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.supervision.pods import Pods, refused

DAY = date(2024, 3, 5)


async def test_a_pod_has_one_group_session_a_day(uow: UnitOfWork, pods: Pods) -> None:
    await pods.held_session(DAY)

    problem = await refused(
        uow,
        sessions.schedule_session(
            uow, pods.north, kind="group", scheduled_for=DAY, starts_at=None, supervisee_id=None, by="t"
        ),
    )

    assert (problem.status, problem.field) == (409, "scheduled_for")


async def test_an_individual_supervision_names_a_supervisee_of_the_pod(uow: UnitOfWork, pods: Pods) -> None:
    without = await refused(
        uow,
        sessions.schedule_session(
            uow, pods.north, kind="individual", scheduled_for=DAY, starts_at=None, supervisee_id=None, by="t"
        ),
    )
    from_south = await refused(
        uow,
        sessions.schedule_session(
            uow,
            pods.north,
            kind="individual",
            scheduled_for=DAY,
            starts_at=None,
            supervisee_id=pods.workers["vic"],
            by="t",
        ),
    )

    assert (without.status, without.field) == (422, "supervisee_id")
    assert (from_south.status, from_south.field) == (422, "supervisee_id")


async def test_an_advisor_from_another_pod_attends_marked_as_visiting(uow: UnitOfWork, pods: Pods) -> None:
    session = await sessions.schedule_session(
        uow, pods.north, kind="group", scheduled_for=DAY, starts_at=None, supervisee_id=None, by="t"
    )

    await sessions.hold(
        uow,
        session,
        held_on=DAY,
        attendance=[*pods.attendance("amy"), sessions.Attendance(pods.workers["vic"], "advisor")],
    )
    await uow.commit()

    visiting = {a.worker_id: a.visiting_from_pod_id for a in await attendees_of(uow, session.id)}
    assert visiting[pods.workers["vic"]] == pods.south
    assert visiting[pods.workers["amy"]] is None
    assert (session.state, session.facilitator_id) == ("held", pods.workers["nora"])


async def test_someone_from_another_pod_attends_only_as_an_advisor(uow: UnitOfWork, pods: Pods) -> None:
    session = await sessions.schedule_session(
        uow, pods.north, kind="group", scheduled_for=DAY, starts_at=None, supervisee_id=None, by="t"
    )
    await uow.commit()

    problem = await refused(
        uow,
        sessions.hold(
            uow,
            session,
            held_on=DAY,
            attendance=[*pods.attendance("amy"), sessions.Attendance(pods.workers["vic"], "observer")],
        ),
    )

    assert (problem.status, problem.field) == (422, "attendees.2.worker_id")
    assert session.state == "scheduled"


async def test_a_session_is_held_with_its_facilitator_present(uow: UnitOfWork, pods: Pods) -> None:
    session = await sessions.schedule_session(
        uow, pods.north, kind="group", scheduled_for=DAY, starts_at=None, supervisee_id=None, by="t"
    )
    await uow.commit()
    absent = [sessions.Attendance(pods.workers["nora"], "facilitator", present=False)]

    problem = await refused(
        uow,
        sessions.hold(
            uow, session, held_on=DAY, attendance=[*absent, sessions.Attendance(pods.workers["amy"], "presenter")]
        ),
    )

    assert (problem.status, problem.field) == (422, "attendees")


async def test_a_session_is_not_held_in_the_future(uow: UnitOfWork, pods: Pods) -> None:
    tomorrow = date.today() + timedelta(days=1)
    session = await sessions.schedule_session(
        uow, pods.north, kind="group", scheduled_for=tomorrow, starts_at=None, supervisee_id=None, by="t"
    )
    await uow.commit()

    problem = await refused(uow, sessions.hold(uow, session, held_on=tomorrow, attendance=pods.attendance("amy")))

    assert (problem.status, problem.field) == (422, "held_on")


async def test_the_weekly_schedule_adds_each_missing_session_once(uow: UnitOfWork, pods: Pods) -> None:
    monday = date.today() - timedelta(days=date.today().weekday())
    await sessions.set_schedule(uow, pods.north, weekday=1, starts_at=time(10), every_weeks=1, since=monday)
    until = monday + timedelta(weeks=4)

    first = await sessions.schedule_sessions(uow, pods.north, until=until, by="t")
    await uow.commit()
    again = await sessions.schedule_sessions(uow, pods.north, until=until, by="t")

    tuesdays = [date.today() + timedelta(days=n) for n in range((until - date.today()).days + 1)]
    assert again == []
    assert [s.scheduled_for for s in first] == [day for day in tuesdays if day.weekday() == 1]
    assert {s.starts_at for s in first} == {time(10)}


async def test_a_cancelled_session_is_not_held_and_frees_its_day(uow: UnitOfWork, pods: Pods) -> None:
    session = await sessions.schedule_session(
        uow, pods.north, kind="group", scheduled_for=DAY, starts_at=None, supervisee_id=None, by="t"
    )
    await sessions.cancel(uow, session, reason="service away day")
    await uow.commit()

    problem = await refused(uow, sessions.hold(uow, session, held_on=DAY, attendance=pods.attendance("amy")))
    again = await sessions.schedule_session(
        uow, pods.north, kind="group", scheduled_for=DAY, starts_at=None, supervisee_id=None, by="t"
    )

    assert (problem.status, problem.field) == (409, "session_id")
    assert again.state == "scheduled"
