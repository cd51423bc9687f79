"""The supervision service's view of allocation follows allocation's facts: the effect happens, delivering a fact
twice changes nothing, and facts arriving out of order across topics end in the same view."""

from __future__ import annotations

from datetime import date

from shared.events.base import Event
from tests.handlers.kpi.deliveries import Facts, deliveries, episode
from tests.handlers.supervision.view import ViewConsumer, view_consumer

APRIL, AUGUST, DECEMBER = date(2023, 4, 3), date(2023, 8, 1), date(2023, 12, 4)


def _amys_year(facts: Facts) -> list[Event]:
    """Amy goes from North (worker A) to South (B) and back to North (A); her CP plan ends in the autumn."""
    return [
        facts.pod("north"),
        facts.pod("south"),
        facts.joins("a", "north", date(2020, 1, 6)),
        facts.joins("b", "south", date(2021, 3, 1), role="senior_social_worker"),
        facts.child("amy"),
        facts.opens("amy", date(2023, 3, 20)),
        facts.status("amy", "CP", date(2023, 3, 25)),
        facts.allocates("amy", "a", "north", APRIL),
        facts.transfers("amy", episode("amy", "a", APRIL), "b", "south", AUGUST, from_pod="north"),
        facts.status_ends("amy", "CP", date(2023, 10, 2)),
        facts.transfers("amy", episode("amy", "b", AUGUST), "a", "north", DECEMBER, from_pod="south"),
        facts.leaves("b", "south", date(2024, 1, 31)),
    ]


async def test_the_view_holds_pods_members_cases_statuses_and_allocation_periods(view: ViewConsumer) -> None:
    facts = Facts()

    await view.deliver(*_amys_year(facts))

    allocations = sorted((r["start_date"], r["end_date"], r["pod_id"]) for r in await view.rows("allocations"))
    assert allocations == [
        (APRIL, AUGUST, facts.id("north")),
        (AUGUST, DECEMBER, facts.id("south")),
        (DECEMBER, None, facts.id("north")),
    ]
    [status] = await view.rows("status_periods")
    assert (status["kind"], status["start_date"], status["end_date"]) == ("CP", date(2023, 3, 25), date(2023, 10, 2))
    members = {(r["worker_id"], r["role"], r["end_date"]) for r in await view.rows("memberships")}
    assert members == {
        (facts.id("a"), "social_worker", None),
        (facts.id("b"), "senior_social_worker", date(2024, 1, 31)),
    }
    [child] = await view.rows("children")
    assert child["la_child_id"] == "amy"
    assert {r["name"] for r in await view.rows("pods")} == {"North", "South"}


async def test_delivering_every_fact_twice_changes_nothing(view: ViewConsumer) -> None:
    story = deliveries(_amys_year(Facts()))
    await view.redeliver(story)
    before = await view.view()

    applied_again = await view.redeliver([*story, *reversed(story)])

    assert applied_again == 0
    assert await view.view() == before


async def test_facts_arriving_topic_by_topic_in_any_order_end_in_the_same_view(view: ViewConsumer) -> None:
    facts = Facts()
    story = _amys_year(facts)
    by_topic: dict[str, list[Event]] = {}
    for event in story:
        by_topic.setdefault(event.topic, []).append(event)

    # Each topic keeps its own order (one key, one partition); the topics interleave as they will.
    for topic in sorted(by_topic):  # allocation.cases first: allocations before the pods and workers they name
        await view.deliver(*by_topic[topic])

    in_order_facts = Facts(ids=dict(facts.ids))
    async with view_consumer() as in_order:
        await in_order.deliver(*_amys_year(in_order_facts))
        assert await view.view() == await in_order.view()


async def test_a_correction_reopens_a_period_and_one_entered_in_error_is_marked(view: ViewConsumer) -> None:
    facts = Facts()
    await view.deliver(*_amys_year(facts))
    last = episode("amy", "a", DECEMBER)
    middle = episode("amy", "b", AUGUST)

    await view.deliver(
        facts.corrects("amy", middle, "b", "south", AUGUST, None),
        facts.corrects("amy", last, "a", "north", DECEMBER, None, entered_in_error=True),
    )

    rows = {r["allocation_id"]: r for r in await view.rows("allocations")}
    assert rows[facts.id(middle)]["end_date"] is None, "a correction's empty end is written, not skipped"
    assert rows[facts.id(last)]["entered_in_error"] is True


async def test_the_view_holds_each_workers_registration_number(view: ViewConsumer) -> None:
    facts = Facts()
    registered = facts.worker("a").model_copy(update={"registration_number": "SW12345"})

    await view.deliver(registered, facts.worker("b"))

    numbers = {(r["worker_id"], r["registration_number"]) for r in await view.rows("workers")}
    assert numbers == {(facts.id("a"), "SW12345"), (facts.id("b"), None)}
