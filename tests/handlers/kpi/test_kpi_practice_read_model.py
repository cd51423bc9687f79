"""Records', supervision's and feedback's facts land in the KPI read model and the practice measures: delivered
twice they change nothing, and delivered in any order they end the same."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker

from services.kpi.queries import figures, practice
from services.kpi.queries.practice import Scope
from services.kpi.rules.feedback import Quarter
from services.kpi.settings import KpiSettings
from shared.events.base import Event
from tests.handlers.kpi.deliveries import KpiConsumer, deliveries, kpi_consumer, read_model
from tests.handlers.kpi.practice_facts import PracticeFacts

AS_AT = date(2024, 3, 28)
JAN = date(2024, 1, 2)


def story(facts: PracticeFacts) -> list[Event]:
    """Amy (CP) and Ben (CLA) with worker A, Cal (CIN) with B, all in North since 2 January 2024."""
    events: list[Event] = [facts.pod("north"), facts.pod("south"), facts.worker("a"), facts.worker("b")]
    events += [facts.joins("a", "north", date(2020, 1, 6)), facts.joins("b", "north", date(2020, 1, 6))]
    for child, kind, worker in (("amy", "CP", "a"), ("ben", "CLA", "a"), ("cal", "CIN", "b")):
        events += [
            facts.child(child),
            facts.opens(child, JAN),
            facts.status(child, kind, JAN, legal_status="C2"),
            facts.allocates(child, worker, "north", JAN),
        ]
    return [
        *events,
        facts.visit("v1", "amy", "a", "north", date(2024, 3, 20), alone=True),
        facts.visit("v2", "amy", "a", "north", date(2024, 3, 25), alone=False),
        facts.visit("v3", "ben", "a", "north", date(2024, 1, 10), alone=True, kind="placement", serves="CLA"),
        facts.visit("v4", "ben", "a", "north", date(2024, 3, 26), alone=True, serves="CLA"),
        facts.in_error("v4", "ben", date(2024, 3, 26)),
        facts.visit("v5", "cal", "b", "north", date(2024, 3, 27), seen=False, kind="unsuccessful", serves="CIN"),
        facts.entry("v1", "amy", "a", "north", date(2024, 3, 20)),
        facts.entry("v2", "amy", "a", "north", date(2024, 3, 25)),
        facts.summary("s1", "amy", "a", "north", date(2024, 3, 1)),
        facts.summary("s2", "ben", "a", "north", date(2024, 1, 15)),
        facts.decision("d1", "amy", "a", "north", date(2024, 3, 14)),
        facts.decision("d2", "ben", "a", "north", date(2024, 1, 20)),
        facts.action("act1", "amy", "a", "north", date(2024, 3, 1), date(2024, 3, 15)),
        facts.action("act2", "ben", "a", "north", date(2024, 3, 1), date(2024, 4, 15)),
        facts.action("act3", "amy", "a", "north", date(2024, 3, 1), date(2024, 3, 12)),
        facts.action_done("act3", "amy", "north", date(2024, 3, 10), date(2024, 3, 12)),
        facts.action("act4", "ben", "a", "north", date(2024, 3, 1), date(2024, 3, 5)),
        facts.action_dropped("act4", "ben", "north", date(2024, 3, 4), date(2024, 3, 5)),
        facts.score("g1", "amy", "north", date(2024, 3, 14), "worker", 4, 7),
        facts.score("g2", "amy", "north", date(2024, 3, 14), "parent", 8),
        facts.score("g3", "ben", "north", date(2024, 3, 14), "worker", 6, 5),
        facts.audit("au1", "amy", "a", "north", date(2024, 2, 10), "good"),
        facts.audit("au2", "ben", "a", "north", date(2024, 2, 12), "requires_improvement"),
        facts.complaint("c1", "north", date(2024, 2, 1), date(2024, 2, 15)),
        facts.answered("c1", "north", 1, date(2024, 2, 1), date(2024, 2, 20), date(2024, 2, 15), in_time=False),
        facts.escalated("c1", "north", date(2024, 2, 25), date(2024, 3, 29)),
        facts.complaint("c2", "north", date(2023, 2, 10), date(2023, 2, 24)),
        facts.complaint("c3", "north", date(2023, 3, 1), date(2023, 3, 15)),
        facts.answered("c3", "north", 1, date(2023, 3, 1), date(2023, 3, 10), date(2023, 3, 15), in_time=True),
        facts.compliment("k1", "north", date(2024, 2, 10), "a"),
        facts.compliment("k2", "north", date(2023, 2, 11), "a", "b"),
        *(facts.response("run", "north", 4, 5) for _ in range(6)),
        *(facts.response("run", "south", 2, 1) for _ in range(2)),
    ]


async def measures(kpi: KpiConsumer, facts: PracticeFacts) -> dict[str, Any]:
    settings, quarter = KpiSettings(), Quarter(2024, 1)
    async with async_sessionmaker(kpi.engine)() as session:
        mine = Scope(worker_id=str(facts.id("a")))
        measured: dict[str, Any] = figures.plain(
            {
                "visits": await practice.visits(session, AS_AT, Scope(), settings),
                "summaries": await practice.case_summaries(session, AS_AT, Scope(), settings),
                "supervision": await practice.supervision(session, AS_AT, Scope(), settings),
                "complaints": await practice.complaints(session, quarter, None),
                "compliments": await practice.compliments(session, quarter),
                "questionnaires": await practice.questionnaires(session, None, None, 5),
                "quality": await practice.practice_quality(session, quarter, None),
                "my_visits": await practice.visits(session, AS_AT, mine, settings),
                "my_caseload": await practice.caseload(session, AS_AT, mine, settings),
                "my_compliments": await practice.compliments_received(session, AS_AT, mine),
            }
        )
    return measured


async def test_the_practice_facts_make_the_measures(kpi: KpiConsumer) -> None:
    facts = PracticeFacts()
    await kpi.deliver(deliveries(story(facts)))

    got = await measures(kpi, facts)

    visits = got["visits"]
    assert visits["children"] == 3
    assert visits["overdue"]["numerator"] == 2  # Ben (CLA, last seen 10 January) and Cal (CIN, never seen)
    assert {k: (v["numerator"], v["denominator"]) for k, v in visits["overdue_by_status"].items()} == {
        "CP": (0, 1),
        "CLA": (1, 1),
        "CIN": (1, 1),
    }
    assert (
        visits["cp_seen_alone_at_last_visit"]["numerator"],
        visits["cp_seen_alone_at_last_visit"]["denominator"],
    ) == (0, 1)
    assert visits["never_seen"] == 1
    ben = next(row for row in visits["rows"] if row["child_id"] == str(facts.id("ben")))
    assert ben["days_since_seen"] == (AS_AT - date(2024, 1, 10)).days  # the visit entered in error is not counted
    summaries = got["summaries"]
    assert (summaries["within_cadence"]["numerator"], summaries["within_cadence"]["denominator"]) == (1, 3)
    assert (summaries["overdue"], summaries["due_within_7_days"], summaries["never_summarised"]) == (2, 1, 1)
    supervision = got["supervision"]
    assert supervision["discussed"]["discussed_within_interval"]["numerator"] == 1
    assert supervision["discussed"]["discussed_within_interval"]["denominator"] == 3
    assert supervision["actions"]["open"] == 2
    assert supervision["actions"]["overdue"]["numerator"] == 1
    assert supervision["scaling"]["dropped"]["numerator"] == 1
    assert supervision["scaling"]["wide_spread"]["numerator"] == 1
    stage_1, stage_2, _ = got["complaints"]
    assert (stage_1["received"], stage_1["received_a_year_earlier"], stage_1["change"]) == (1, 2, -1)
    assert (stage_1["answered"], stage_1["answered_in_time"]["numerator"]) == (1, 0)
    assert stage_2["received"] == 1
    assert got["compliments"] == [{"pod_id": str(facts.id("north")), "count": 1, "a_year_earlier": 1}]
    (run,) = got["questionnaires"]
    assert run["run"]["respondents"] == 8
    assert [(item["n"], item["mean"]) for item in run["run"]["items"]] == [(8, 3.5), (8, 4.0)]
    assert all(pod["suppressed"] for pod in run["run"]["pods"])  # South has 2, so North alone would reveal South
    audits = {row["pod_id"]: row for row in got["quality"]["case_audits"]}
    assert audits[str(facts.id("north"))]["good_or_better"]["numerator"] == 1
    assert got["quality"]["recording_time"][0]["entries"] == 2
    assert got["my_visits"]["children"] == 2
    assert got["my_caseload"]["cases"] == 2
    assert got["my_compliments"]["last_12_months"] == 1


async def test_delivering_the_practice_facts_twice_changes_nothing(kpi: KpiConsumer) -> None:
    facts = PracticeFacts()
    events = deliveries(story(facts))
    await kpi.deliver(events)
    before, measured = await read_model(kpi.engine), await measures(kpi, facts)

    assert await kpi.deliver(events, events[::-1]) == 0

    assert await read_model(kpi.engine) == before
    assert await measures(kpi, facts) == measured


async def test_the_practice_facts_in_reverse_order_end_the_same(kpi: KpiConsumer) -> None:
    facts = PracticeFacts()
    events = deliveries(story(facts))
    await kpi.deliver(events)
    async with kpi_consumer() as backwards:
        await backwards.deliver(events[::-1])

        assert await read_model(backwards.engine, freshness=False) == await read_model(kpi.engine, freshness=False)
        assert await measures(backwards, facts) == await measures(kpi, facts)


async def test_the_monthly_practice_columns_count_by_the_pod_holding_the_child(kpi: KpiConsumer) -> None:
    facts = PracticeFacts()
    await kpi.deliver(deliveries(story(facts)))

    async with async_sessionmaker(kpi.engine)() as session:
        series = await practice.monthly_practice(session, [date(2024, 2, 29), date(2024, 3, 31)], KpiSettings())

    north = str(facts.id("north"))
    assert set(series) == {"service", north}
    february, march = series[north]
    assert (march.children_visited_for, march.visits_overdue) == (3, 2)  # Ben (CLA) and Cal (CIN)
    assert (march.cp_seen, march.cp_seen_alone_at_last_visit) == (1, 0)
    assert (march.allocated_children, march.discussed_within_interval) == (3, 1)
    assert (february.complaints_stage_1, march.complaints_stage_1) == (1, 0)
    assert (february.compliments, march.compliments) == (1, 0)
    assert series["service"] == series[north]
