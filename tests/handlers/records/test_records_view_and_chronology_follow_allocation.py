"""What records makes of allocation's and supervision's facts: its view (who holds each child), and a read-only
chronology entry for each relevant fact."""

from __future__ import annotations

from datetime import date

from services.records.models import ChronologyEntry, Holder, KnownAllocation
from shared.events.base import Event
from tests.handlers.kpi.deliveries import Facts, episode
from tests.handlers.records.deliveries import RecordsConsumer, decision, rows, worker_wide_cover

OPENED = date(2023, 3, 1)


def _amy_in_north(facts: Facts) -> list[Event]:
    return [
        facts.pod("pod north"),
        facts.pod("pod south"),
        facts.joins("a", "pod north", date(2020, 1, 6)),
        facts.joins("b", "pod south", date(2020, 1, 6)),
        facts.child("amy"),
        facts.opens("amy", OPENED),
        facts.status("amy", "CP", OPENED),
        facts.allocates("amy", "a", "pod north", OPENED),
    ]


async def _chronology(records: RecordsConsumer, facts: Facts, child: str) -> list[tuple[str, date]]:
    found = await rows(records.engine, ChronologyEntry, child_id=facts.id(child))
    return sorted((row.kind, row.occurred_on) for row in found)


async def test_each_relevant_fact_becomes_one_chronology_entry_of_the_child(records: RecordsConsumer) -> None:
    facts = Facts()
    await records.deliver_events(
        *_amy_in_north(facts),
        facts.transfers("amy", episode("amy", "a", OPENED), "b", "pod south", date(2023, 6, 1), from_pod="pod north"),
        facts.status_ends("amy", "CP", date(2023, 9, 1)),
        facts.closes("amy", date(2023, 9, 1)),
    )

    assert await _chronology(records, facts, "amy") == [
        ("allocated", OPENED),
        ("case_closed", date(2023, 9, 1)),
        ("case_opened", OPENED),
        ("status_ended", date(2023, 9, 1)),
        ("status_started", OPENED),
        ("transferred", date(2023, 6, 1)),
    ]
    [ended] = [row for row in await rows(records.engine, ChronologyEntry) if row.kind == "status_ended"]
    assert (ended.facts["kind"], ended.facts["cp_category"]) == ("CP", "NEG"), "an ending says what ended"
    [moved] = [row for row in await rows(records.engine, ChronologyEntry) if row.kind == "transferred"]
    assert (moved.facts["reason"], moved.facts["across_pods"], moved.significant) == ("MANAGE", True, True)


async def test_the_holder_follows_transfers_and_stays_with_the_last_pod_once_the_case_closes(
    records: RecordsConsumer,
) -> None:
    facts = Facts()
    await records.deliver_events(*_amy_in_north(facts))
    [held] = await rows(records.engine, Holder, child_id=facts.id("amy"))
    assert (held.pod_id, held.worker_id, held.case_open) == (facts.id("pod north"), facts.id("a"), True)

    moved = facts.transfers("amy", episode("amy", "a", OPENED), "b", "pod south", date(2023, 6, 1))
    await records.deliver_events(
        moved, facts.allocation_ends("amy", episode("amy", "b", date(2023, 6, 1)), date(2023, 9, 1))
    )
    await records.deliver_events(facts.closes("amy", date(2023, 9, 1)))

    [held] = await rows(records.engine, Holder, child_id=facts.id("amy"))
    assert (held.pod_id, held.worker_id, held.case_open) == (facts.id("pod south"), facts.id("b"), False)


async def test_an_allocation_entered_in_error_no_longer_holds_the_child(records: RecordsConsumer) -> None:
    facts = Facts()
    await records.deliver_events(*_amy_in_north(facts))
    wrong = facts.allocates("amy", "b", "pod south", date(2023, 4, 1))
    await records.deliver_events(
        facts.allocation_ends("amy", episode("amy", "a", OPENED), date(2023, 4, 1)),
        wrong,
        facts.corrects(
            "amy", episode("amy", "b", date(2023, 4, 1)), "b", "pod south", date(2023, 4, 1), entered_in_error=True
        ),
        facts.corrects("amy", episode("amy", "a", OPENED), "a", "pod north", OPENED, None),
    )

    [held] = await rows(records.engine, Holder, child_id=facts.id("amy"))
    assert held.pod_id == facts.id("pod north")
    [in_error] = await rows(records.engine, KnownAllocation, allocation_id=wrong.allocation_id)
    assert in_error.entered_in_error is True
    corrected = [row for row in await rows(records.engine, ChronologyEntry) if row.kind == "allocation_corrected"]
    assert len(corrected) == 2, "each correction is a fact of its own in the chronology"


async def test_cover_of_a_case_reaches_the_childs_chronology_whichever_arrives_first(records: RecordsConsumer) -> None:
    facts = Facts()
    cover = facts.covers("b", "a", "amy", date(2023, 5, 2), date(2023, 5, 20))
    await records.deliver_events(cover)
    await records.deliver_events(*_amy_in_north(facts))

    assert ("cover_started", date(2023, 5, 2)) in await _chronology(records, facts, "amy")


async def test_cover_of_all_a_workers_cases_reaches_each_child_they_hold(records: RecordsConsumer) -> None:
    facts = Facts()
    await records.deliver_events(
        *_amy_in_north(facts),
        facts.child("ben"),
        facts.opens("ben", OPENED),
        facts.allocates("ben", "a", "pod north", OPENED),
        facts.child("cat"),
        facts.opens("cat", OPENED),
        facts.allocates("cat", "b", "pod south", OPENED),
    )
    await records.deliver_events(worker_wide_cover(facts, "c", "a", date(2023, 7, 3), None))

    assert ("cover_started", date(2023, 7, 3)) in await _chronology(records, facts, "amy")
    assert ("cover_started", date(2023, 7, 3)) in await _chronology(records, facts, "ben")
    assert all(kind != "cover_started" for kind, _ in await _chronology(records, facts, "cat"))


async def test_a_supervision_decision_lands_in_the_childs_story_with_its_words(records: RecordsConsumer) -> None:
    facts = Facts()
    await records.deliver_events(*_amy_in_north(facts), decision(facts, "amy", date(2023, 4, 6), "Convene an ICPC."))

    [made] = [row for row in await rows(records.engine, ChronologyEntry) if row.kind == "supervision_decision"]
    assert (made.entry_type, made.decision, made.occurred_on) == (
        "supervision_decision",
        "Convene an ICPC.",
        date(2023, 4, 6),
    )
    assert made.rationale.startswith("Agreed by the pod")
