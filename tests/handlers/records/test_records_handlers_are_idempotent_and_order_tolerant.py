"""Delivering a fact twice changes nothing, and facts arriving out of order across topics end the same."""

from __future__ import annotations

from datetime import date

from shared.events.base import Event
from tests.handlers.kpi.deliveries import Facts, deliveries, episode, received
from tests.handlers.records.deliveries import RecordsConsumer, decision, projections, records_consumer

OPENED = date(2023, 3, 1)


def _a_year_of_amy(facts: Facts) -> list[Event]:
    return [
        facts.pod("pod north"),
        facts.pod("pod south"),
        facts.joins("a", "pod north", date(2020, 1, 6)),
        facts.joins("b", "pod south", date(2020, 1, 6)),
        facts.child("amy"),
        facts.opens("amy", OPENED),
        facts.status("amy", "CLA", OPENED, legal_status="C2"),
        facts.allocates("amy", "a", "pod north", OPENED),
        facts.covers("b", "a", "amy", date(2023, 5, 2), date(2023, 5, 20)),
        facts.transfers("amy", episode("amy", "a", OPENED), "b", "pod south", date(2023, 8, 1), from_pod="pod north"),
        decision(facts, "amy", date(2023, 9, 7), "Keep the placement; review contact."),
    ]


async def test_delivering_every_event_twice_changes_nothing(records: RecordsConsumer) -> None:
    story = deliveries(_a_year_of_amy(Facts()))
    await records.deliver(story)
    before = await projections(records.engine)

    applied_again = await records.deliver(story, story[::-1])

    assert applied_again == 0
    assert await projections(records.engine) == before


async def test_worker_facts_arriving_after_the_childs_end_the_same(records: RecordsConsumer) -> None:
    story = deliveries(_a_year_of_amy(Facts()))
    on_worker_topic = [r for r in story if r.message.topic == "allocation.workers"]
    children_first = [r for r in story if r not in on_worker_topic]
    await records.deliver(children_first, on_worker_topic)

    async with records_consumer() as in_order:
        await in_order.deliver(story)
        assert await projections(records.engine) == await projections(in_order.engine)


async def test_one_event_per_batch_ends_as_one_batch_does(records: RecordsConsumer) -> None:
    story = deliveries(_a_year_of_amy(Facts()))
    await records.deliver(*([one] for one in story))

    async with records_consumer() as together:
        await together.deliver(story)
        assert await projections(records.engine) == await projections(together.engine)


async def test_a_duplicate_inside_one_batch_takes_effect_once(records: RecordsConsumer) -> None:
    facts = Facts()
    opened = received(facts.opens("amy", OPENED))

    assert await records.deliver([opened, opened]) == 1
