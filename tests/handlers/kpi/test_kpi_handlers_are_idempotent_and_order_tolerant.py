"""Delivering a fact twice changes nothing, and facts arriving out of order across topics land where they belong."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import async_sessionmaker

from services.kpi.queries import figures
from services.kpi.settings import KpiSettings
from shared.events.base import Event
from tests.handlers.kpi.deliveries import Facts, KpiConsumer, deliveries, episode, kpi_consumer, read_model, received

YEAR_END = date(2024, 3, 31)


def _a_year_of_amy(facts: Facts) -> list[Event]:
    """Amy, looked after all year, goes A -> B -> A across two pods and ends the year with A."""
    first, second, third = date(2023, 4, 3), date(2023, 8, 1), date(2023, 12, 4)
    return [
        facts.pod("pod north"),
        facts.pod("pod south"),
        facts.worker("a"),
        facts.worker("b", "agency"),
        facts.joins("a", "pod north", date(2020, 1, 6)),
        facts.joins("b", "pod south", date(2021, 3, 1), fte=0.5),
        facts.child("amy"),
        facts.opens("amy", date(2023, 3, 20)),
        facts.status("amy", "CLA", date(2023, 3, 25), legal_status="C2"),
        facts.allocates("amy", "a", "pod north", first),
        facts.transfers("amy", episode("amy", "a", first), "b", "pod south", second, from_pod="pod north"),
        facts.transfers("amy", episode("amy", "b", second), "a", "pod north", third, from_pod="pod south"),
    ]


async def _figures(kpi: KpiConsumer) -> dict[str, object]:
    async with async_sessionmaker(kpi.engine)() as session:
        dfe = await figures.dfe(session, 2024, None)
        cco = await figures.commissioner(session, 2024, None)
        loads = await figures.caseloads(session, YEAR_END, KpiSettings())
        monthly = await figures.monthly(session, (2023, 4), (2024, 3))
    return {
        "dfe": figures.plain(dfe.value),
        "cco": figures.plain(cco.value),
        "caseloads": figures.plain(loads.value),
        "monthly": figures.plain(monthly.value),
    }


async def test_delivering_every_event_twice_changes_nothing(kpi: KpiConsumer) -> None:
    story = deliveries(_a_year_of_amy(Facts()))
    await kpi.deliver(story)
    before, figures_before = await read_model(kpi.engine), await _figures(kpi)

    applied_again = await kpi.deliver(story, story[::-1])

    assert applied_again == 0
    assert await read_model(kpi.engine) == before
    assert await _figures(kpi) == figures_before


async def test_a_duplicate_inside_one_batch_takes_effect_once(kpi: KpiConsumer) -> None:
    facts = Facts()
    allocated = received(facts.allocates("amy", "a", "pod north", date(2023, 5, 1)))
    ended = received(facts.allocation_ends("amy", episode("amy", "a", date(2023, 5, 1)), date(2023, 9, 1)))

    applied = await kpi.deliver([allocated, ended, allocated, ended])

    assert applied == 2
    before = await read_model(kpi.engine)
    assert [(row[5], row[6]) for row in before["kpi_allocations"]] == [(date(2023, 5, 1), date(2023, 9, 1))]
    assert [row[2] for row in before["kpi_freshness"]] == [2], "the count of applied events counts each once"


async def test_a_b_a_gives_two_workers_and_two_changes_from_the_read_model(kpi: KpiConsumer) -> None:
    await kpi.deliver(deliveries(_a_year_of_amy(Facts())))

    found = await _figures(kpi)

    dfe, cco = found["dfe"], found["cco"]
    assert isinstance(dfe, dict)
    assert isinstance(cco, dict)
    assert [child["worker_count"] for child in dfe["children"]] == [2]
    assert [child["changes"] for child in cco["children"]] == [2]
    assert [child["pod_changes"] for child in cco["children"]] == [2]


async def test_a_transfer_arriving_before_the_membership_it_needs_gives_the_same_figures(kpi: KpiConsumer) -> None:
    facts = Facts()
    story = _a_year_of_amy(facts)
    memberships = [event for event in story if type(event).__name__ == "WorkerJoinedPod"]
    cases_first = [event for event in story if event not in memberships] + memberships
    await kpi.deliver(deliveries(cases_first))

    async with kpi_consumer() as in_order:
        await in_order.deliver(deliveries(story))
        assert await _figures(kpi) == await _figures(in_order)
        assert await read_model(kpi.engine, freshness=False) == await read_model(in_order.engine, freshness=False)


async def test_an_episode_ended_before_it_was_allocated_is_the_same_episode(kpi: KpiConsumer) -> None:
    facts = Facts()
    allocated = facts.allocates("amy", "a", "pod north", date(2023, 5, 1))
    ended = facts.allocation_ends("amy", episode("amy", "a", date(2023, 5, 1)), date(2023, 9, 1))
    await kpi.deliver_events(ended, allocated)

    async with kpi_consumer() as in_order:
        await in_order.deliver_events(allocated, ended)
        assert await read_model(kpi.engine, freshness=False) == await read_model(in_order.engine, freshness=False)


async def test_a_case_closed_before_it_was_opened_is_the_same_case(kpi: KpiConsumer) -> None:
    facts = Facts()
    opened, closed = facts.opens("amy", date(2023, 1, 9)), facts.closes("amy", date(2024, 2, 1))
    await kpi.deliver_events(closed, opened)

    async with kpi_consumer() as in_order:
        await in_order.deliver_events(opened, closed)
        assert await read_model(kpi.engine, freshness=False) == await read_model(in_order.engine, freshness=False)
    assert [row[2:] for row in (await read_model(kpi.engine))["kpi_cases"]] == [(date(2023, 1, 9), date(2024, 2, 1))]


async def test_a_status_ended_before_it_started_is_the_same_status_period(kpi: KpiConsumer) -> None:
    facts = Facts()
    started = facts.status("amy", "CP", date(2023, 6, 1))
    ended = facts.status_ends("amy", "CP", date(2023, 11, 30))
    await kpi.deliver([received(ended)], [received(started)])

    async with kpi_consumer() as in_order:
        await in_order.deliver_events(started, ended)
        assert await read_model(kpi.engine, freshness=False) == await read_model(in_order.engine, freshness=False)
