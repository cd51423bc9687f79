"""Each of allocation's facts lands in the KPI read model where the measures will look for it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.kpi.models import (
    AllocationRow,
    CaseRow,
    ChildRow,
    MembershipRow,
    PodRow,
    StatusRow,
    TopicFreshness,
    WorkerRow,
)
from services.kpi.queries import read_model as queries
from services.kpi.rules.facts import CourtPeriod
from shared.events.allocation import (
    ChildFamilyChanged,
    CourtProceedingsEnded,
    CourtProceedingsStarted,
    PodRenamed,
    WorkerEmploymentChanged,
)
from shared.events.envelope import Envelope
from shared.messaging.transport import Message, Received
from tests.handlers.kpi.deliveries import Facts, KpiConsumer, episode, read_model, received, rows_of

START = date(2023, 5, 1)


@pytest.fixture
def facts() -> Facts:
    return Facts()


def _session(kpi: KpiConsumer) -> AsyncSession:
    return async_sessionmaker(kpi.engine)()


async def test_pod_created_adds_the_pod(kpi: KpiConsumer, facts: Facts) -> None:
    await kpi.deliver_events(facts.pod("pod north"))

    [pod] = await rows_of(kpi.engine, PodRow)
    assert (pod.pod_id, pod.name) == (str(facts.id("pod north")), "Pod North")


async def test_a_renamed_pod_is_shown_by_its_new_name(kpi: KpiConsumer, facts: Facts) -> None:
    await kpi.deliver_events(facts.pod("pod north"), PodRenamed(pod_id=facts.id("pod north"), name="Pod North East"))

    [pod] = await rows_of(kpi.engine, PodRow)
    assert (pod.pod_id, pod.name) == (str(facts.id("pod north")), "Pod North East")


async def test_worker_registered_records_whether_the_worker_is_agency(kpi: KpiConsumer, facts: Facts) -> None:
    await kpi.deliver_events(facts.worker("a", "agency"))

    [worker] = await rows_of(kpi.engine, WorkerRow)
    assert (worker.worker_id, worker.employment) == (str(facts.id("a")), "agency")


async def test_a_change_of_employment_moves_the_worker_between_employed_and_agency(
    kpi: KpiConsumer, facts: Facts
) -> None:
    await kpi.deliver_events(
        facts.worker("a", "employed"), WorkerEmploymentChanged(worker_id=facts.id("a"), employment="agency")
    )

    [worker] = await rows_of(kpi.engine, WorkerRow)
    assert worker.employment == "agency"


async def test_joining_and_leaving_a_pod_make_one_membership_period(kpi: KpiConsumer, facts: Facts) -> None:
    await kpi.deliver_events(
        facts.joins("a", "pod north", date(2020, 1, 6), role="senior_social_worker", fte=0.6),
        facts.leaves("a", "pod north", date(2023, 6, 30)),
    )

    [membership] = await rows_of(kpi.engine, MembershipRow)
    assert membership.worker_id == str(facts.id("a"))
    assert membership.pod_id == str(facts.id("pod north"))
    assert (membership.role, membership.fte) == ("senior_social_worker", 0.6)
    assert (membership.start, membership.end) == (date(2020, 1, 6), date(2023, 6, 30))


async def test_child_registered_records_uasc_and_date_of_birth(kpi: KpiConsumer, facts: Facts) -> None:
    await kpi.deliver_events(facts.child("amy", uasc=True, born=date(2007, 2, 3)))

    [child] = await rows_of(kpi.engine, ChildRow)
    assert (child.child_id, child.uasc, child.date_of_birth) == (str(facts.id("amy")), True, date(2007, 2, 3))


async def test_siblings_share_a_family_and_a_child_can_leave_it(kpi: KpiConsumer, facts: Facts) -> None:
    amy, ben, cal = facts.id("amy"), facts.id("ben"), facts.id("cal")
    await kpi.deliver_events(
        facts.child("amy").model_copy(update={"family_id": amy}),
        facts.child("ben").model_copy(update={"family_id": amy}),
        facts.child("cal"),  # published before families were kept
        ChildFamilyChanged(child_id=cal, family_id=amy),
        ChildFamilyChanged(child_id=ben, family_id=ben),
    )

    async with _session(kpi) as session:
        assert await queries.siblings(session) == {str(cal): str(amy)}


async def test_court_proceedings_make_one_period_on_the_case(kpi: KpiConsumer, facts: Facts) -> None:
    proceedings, case, amy = facts.id("proceedings"), facts.id(facts.case_of("amy")), facts.id("amy")
    await kpi.deliver_events(
        CourtProceedingsStarted(proceedings_id=proceedings, case_id=case, child_id=amy, start_date=date(2023, 3, 1)),
        CourtProceedingsEnded(proceedings_id=proceedings, case_id=case, child_id=amy, end_date=date(2023, 9, 1)),
    )

    async with _session(kpi) as session:
        during = await queries.court_proceedings(session, date(2023, 6, 1))
        after = await queries.court_proceedings(session, date(2023, 10, 1))
    assert during == [CourtPeriod(str(case), date(2023, 3, 1), date(2023, 9, 1))]
    assert after == []


async def test_opening_and_closing_a_case_make_one_case_period(kpi: KpiConsumer, facts: Facts) -> None:
    await kpi.deliver_events(facts.opens("amy", date(2023, 1, 9)), facts.closes("amy", date(2024, 2, 1)))

    [case] = await rows_of(kpi.engine, CaseRow)
    assert (case.child_id, case.start, case.end) == (str(facts.id("amy")), date(2023, 1, 9), date(2024, 2, 1))


async def test_a_status_period_keeps_its_kind_and_legal_status(kpi: KpiConsumer, facts: Facts) -> None:
    await kpi.deliver_events(
        facts.status("amy", "CLA", date(2023, 2, 1), legal_status="C2"),
        facts.status_ends("amy", "CLA", date(2024, 1, 15)),
    )

    [status] = await rows_of(kpi.engine, StatusRow)
    assert (status.kind, status.legal_status) == ("CLA", "C2")
    assert (status.start, status.end) == (date(2023, 2, 1), date(2024, 1, 15))
    assert status.case_id == str(facts.id(facts.case_of("amy")))


async def test_case_allocated_to_a_worker_starts_a_social_worker_episode(kpi: KpiConsumer, facts: Facts) -> None:
    await kpi.deliver_events(facts.allocates("amy", "a", "pod north", START))

    async with _session(kpi) as session:
        [found] = await queries.episodes(session, None, date(2024, 3, 31))
    assert (found.worker_id, found.pod_id) == (str(facts.id("a")), str(facts.id("pod north")))
    assert (found.start, found.end, found.reason) == (START, None, None)


async def test_a_case_awaiting_allocation_is_not_a_social_worker_episode(kpi: KpiConsumer, facts: Facts) -> None:
    await kpi.deliver_events(facts.allocates("amy", None, "pod north", START))

    [row] = await rows_of(kpi.engine, AllocationRow)
    assert (row.worker_id, row.pod_id) == (None, str(facts.id("pod north")))
    async with _session(kpi) as session:
        assert await queries.episodes(session, None, date(2024, 3, 31)) == []


async def test_a_transfer_ends_one_episode_and_starts_the_next_on_the_effective_date(
    kpi: KpiConsumer, facts: Facts
) -> None:
    handover = date(2023, 9, 4)
    await kpi.deliver_events(
        facts.allocates("amy", "a", "pod north", START),
        facts.transfers("amy", episode("amy", "a", START), "b", "pod south", handover, from_pod="pod north"),
    )

    async with _session(kpi) as session:
        found = sorted(await queries.episodes(session, None, date(2024, 3, 31)), key=lambda e: e.start)
    assert [(e.worker_id, e.start, e.end, e.reason) for e in found] == [
        (str(facts.id("a")), START, handover, None),
        (str(facts.id("b")), handover, None, "MANAGE"),
    ]
    assert found[1].pod_id == str(facts.id("pod south"))


async def test_allocation_ended_ends_the_episode(kpi: KpiConsumer, facts: Facts) -> None:
    await kpi.deliver_events(
        facts.allocates("amy", "a", "pod north", START),
        facts.allocation_ends("amy", episode("amy", "a", START), date(2024, 1, 31)),
    )

    [row] = await rows_of(kpi.engine, AllocationRow)
    assert (row.start, row.end) == (START, date(2024, 1, 31))


async def test_a_worker_taken_off_a_case_ends_the_episode_and_the_case_awaits_a_worker_in_its_pod(
    kpi: KpiConsumer, facts: Facts
) -> None:
    off, back = date(2023, 9, 1), date(2023, 9, 20)
    await kpi.deliver_events(
        facts.allocates("amy", "a", "pod north", START),
        facts.unallocates("amy", episode("amy", "a", START), "a", "pod north", off),
        facts.allocation_ends("amy", episode("amy", None, off), back),
        facts.allocates("amy", "b", "pod north", back),
    )

    rows = {row.allocation_id: row for row in await rows_of(kpi.engine, AllocationRow)}
    awaiting = rows[str(facts.id(episode("amy", None, off)))]
    assert (awaiting.worker_id, awaiting.pod_id, awaiting.start, awaiting.end) == (
        None,
        str(facts.id("pod north")),
        off,
        back,
    )
    async with _session(kpi) as session:
        found = sorted(await queries.episodes(session, None, date(2024, 3, 31)), key=lambda e: e.start)
    assert [(e.worker_id, e.start, e.end) for e in found] == [
        (str(facts.id("a")), START, off),
        (str(facts.id("b")), back, None),
    ]


async def test_a_correction_reshapes_the_episode_it_names(kpi: KpiConsumer, facts: Facts) -> None:
    recorded = episode("amy", "a", START)
    await kpi.deliver_events(
        facts.allocates("amy", "a", "pod north", START),
        facts.corrects("amy", recorded, "b", "pod north", date(2023, 4, 20), date(2023, 12, 1)),
    )

    async with _session(kpi) as session:
        [found] = await queries.episodes(session, None, date(2024, 3, 31))
    assert (found.worker_id, found.start, found.end) == (str(facts.id("b")), date(2023, 4, 20), date(2023, 12, 1))


async def test_an_allocation_entered_in_error_is_no_longer_an_episode(kpi: KpiConsumer, facts: Facts) -> None:
    recorded = episode("amy", "a", START)
    await kpi.deliver_events(
        facts.allocates("amy", "a", "pod north", START),
        facts.corrects("amy", recorded, "a", "pod north", START, entered_in_error=True),
    )

    [row] = await rows_of(kpi.engine, AllocationRow)
    assert row.entered_in_error is True
    async with _session(kpi) as session:
        assert await queries.episodes(session, None, date(2024, 3, 31)) == []


async def test_cover_is_ignored_so_it_never_becomes_an_episode(kpi: KpiConsumer, facts: Facts) -> None:
    await kpi.deliver_events(facts.allocates("amy", "a", "pod north", START))
    before = await read_model(kpi.engine)

    applied = await kpi.deliver_events(facts.covers("c", "a", "amy", date(2023, 8, 1), date(2023, 8, 21)))

    assert applied == 0
    assert await read_model(kpi.engine) == before
    assert kpi.transport.published == [], "cover must be ignored, not dead-lettered"


async def test_freshness_keeps_the_latest_event_time_per_topic_in_utc(kpi: KpiConsumer, facts: Facts) -> None:
    earlier = received(facts.pod("pod north"))
    later = _sent_at(
        received(facts.pod("pod south")), datetime(2024, 4, 2, 10, 12, 3, tzinfo=timezone(timedelta(hours=1)))
    )
    earliest = _sent_at(received(facts.pod("pod east")), datetime(2024, 4, 1, 9, 0, tzinfo=UTC))
    await kpi.deliver([_sent_at(earlier, datetime(2024, 4, 2, 8, 0, tzinfo=UTC)), later], [earliest])

    async with _session(kpi) as session:
        mark = await queries.freshness(session)
    assert mark.last_event_time == datetime(2024, 4, 2, 9, 12, 3, tzinfo=UTC)
    assert mark.last_applied_at is not None
    assert mark.last_applied_at.tzinfo is not None, "SQLite hands back naive times: the zone must be put back"
    assert mark.events_applied == 3
    [topic] = await rows_of(kpi.engine, TopicFreshness)
    assert topic.topic == "allocation.pods"


def _sent_at(delivery: Received, moment: datetime) -> Received:
    message = delivery.message
    envelope = Envelope.from_headers(message.headers, message.value)
    stamped = Envelope(envelope.id, envelope.type, envelope.source, moment, envelope.subject, envelope.data)
    headers = stamped.to_headers()
    return Received(Message(message.topic, message.key, headers, message.value), delivery.partition, delivery.offset)


async def test_an_event_time_without_a_zone_is_read_as_utc_and_does_not_stop_the_batch(
    kpi: KpiConsumer, facts: Facts
) -> None:
    with_zone = _sent_at(received(facts.pod("pod north")), datetime(2024, 4, 2, 8, 0, tzinfo=UTC))
    without_zone = _sent_at(received(facts.pod("pod south")), datetime(2024, 4, 2, 9, 30))

    assert await kpi.deliver([with_zone, without_zone]) == 2

    async with _session(kpi) as session:
        mark = await queries.freshness(session)
    assert mark.last_event_time == datetime(2024, 4, 2, 9, 30, tzinfo=UTC)
