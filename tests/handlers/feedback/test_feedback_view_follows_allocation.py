"""The feedback service's view of allocation: which pod and worker held a child's case, and which pod a worker was
in, on any day; the same after a duplicate, and the same whatever order the facts arrive in."""

from __future__ import annotations

from datetime import date

from shared.events.base import Event
from tests.handlers.feedback.conftest import FeedbackConsumer, feedback_consumer
from tests.handlers.kpi.deliveries import Facts, deliveries, episode

FIRST, MOVED, LEFT = date(2024, 4, 2), date(2024, 9, 2), date(2025, 1, 31)


def _amys_year(facts: Facts) -> list[Event]:
    """Amy is held by A in North, then by B in South; A leaves North at the end of January."""
    return [
        facts.pod("pod north"),
        facts.pod("pod south"),
        facts.worker("a"),
        facts.worker("b"),
        facts.joins("a", "pod north", date(2020, 1, 6)),
        facts.joins("b", "pod south", date(2021, 3, 1)),
        facts.child("amy"),
        facts.opens("amy", date(2024, 3, 28)),
        facts.allocates("amy", "a", "pod north", FIRST),
        facts.transfers("amy", episode("amy", "a", FIRST), "b", "pod south", MOVED, from_pod="pod north"),
        facts.leaves("a", "pod north", LEFT),
    ]


async def test_the_pod_holding_a_childs_case_follows_its_transfer(feedback: FeedbackConsumer) -> None:
    facts = Facts()
    await feedback.deliver_events(*_amys_year(facts))

    amy = facts.id("amy")
    assert await feedback.holder_of(amy, date(2024, 3, 30)) == (None, None), "not yet allocated"
    assert await feedback.holder_of(amy, date(2024, 6, 1)) == (facts.id("pod north"), facts.id("a"))
    assert await feedback.holder_of(amy, MOVED) == (facts.id("pod south"), facts.id("b"))


async def test_a_closed_case_stays_with_its_last_pod(feedback: FeedbackConsumer) -> None:
    facts = Facts()
    await feedback.deliver_events(
        *_amys_year(facts), facts.allocation_ends("amy", episode("amy", "b", MOVED), date(2025, 2, 28))
    )

    assert await feedback.holder_of(facts.id("amy"), date(2025, 6, 1)) == (facts.id("pod south"), facts.id("b"))


async def test_a_worker_is_in_their_pod_while_a_member_and_in_their_last_pod_after(feedback: FeedbackConsumer) -> None:
    facts = Facts()
    await feedback.deliver_events(*_amys_year(facts))

    assert await feedback.pod_of(facts.id("a"), date(2024, 12, 1)) == facts.id("pod north")
    assert await feedback.pod_of(facts.id("a"), date(2025, 3, 1)) == facts.id("pod north")
    assert await feedback.pod_of(facts.id("b"), date(2019, 1, 1)) is None, "before joining any pod"


async def test_an_allocation_entered_in_error_no_longer_holds_the_case(feedback: FeedbackConsumer) -> None:
    facts = Facts()
    story = _amys_year(facts)
    wrong = facts.corrects("amy", episode("amy", "b", MOVED), "b", "pod south", MOVED, entered_in_error=True)
    await feedback.deliver_events(*story, wrong)

    assert await feedback.holder_of(facts.id("amy"), date(2024, 10, 1)) == (facts.id("pod north"), facts.id("a"))


async def test_delivering_every_fact_twice_changes_nothing(feedback: FeedbackConsumer) -> None:
    story = deliveries(_amys_year(Facts()))
    await feedback.deliver(story)
    before = await feedback.snapshot()

    applied_again = await feedback.deliver(story, story[::-1])

    assert applied_again == 0
    assert await feedback.snapshot() == before


async def test_facts_in_reverse_order_end_in_the_same_view(feedback: FeedbackConsumer) -> None:
    facts = Facts()
    story = _amys_year(facts)
    async with feedback_consumer() as in_order:
        await in_order.deliver_events(*story)
        expected = await in_order.snapshot()

    await feedback.deliver_events(*story[::-1])

    assert await feedback.snapshot() == expected
    assert await feedback.holder_of(facts.id("amy"), MOVED) == (facts.id("pod south"), facts.id("b"))
