"""The figures added up from the contributions the handlers keep equal, exactly, the reference computation from
the read model, whatever the history and however it arrives.

Histories: children looked after under ordinary and short-break legal statuses (some starting or ending after the
child's episodes), UASC or not, allocated, transferred across pods, unallocated, corrected (another worker, other
dates, reopened, entered in error), closed; delivered in any per-key order, cut into any batches, with duplicates.
Local continuity is asked over several windows, for each cohort, pod and worker. The figures are asked half-way
through the delivery too, so a figure cached then must not be served once a fact it can see has moved. On
PostgreSQL too, where the batch's rows go out as one array per column.
"""

from __future__ import annotations

import asyncio
import random
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.kpi.models import AllocationRow
from services.kpi.queries import figures, reference
from services.kpi.rules.local_continuity import LocalCohort
from shared.events.base import Event
from tests.handlers.kpi.deliveries import Facts, episode, kpi_consumer, postgresql_database
from tests.properties.kpi.test_kpi_figures_do_not_depend_on_delivery import Delivery, any_valid_delivery

PODS = ("pod north", "pod south", "pod east")
WORKERS = ("a", "b", "c", "d", "e")
EARLIEST = date(2020, 11, 2)
YEARS = (2021, 2022, 2023, 2024, 2025, 2027)
MONTHS = (((2020, 10), (2021, 3)), ((2021, 3), (2024, 2)), ((2023, 12), (2026, 1)))
# Local windows: a year to 31 March, a short one, one longer than a year, one after every fact.
WINDOWS = (
    (date(2021, 4, 1), date(2022, 3, 31)),
    (date(2022, 6, 15), date(2022, 8, 1)),
    (date(2020, 12, 1), date(2023, 2, 28)),
    (date(2025, 1, 1), date(2026, 6, 30)),
)
COHORTS: tuple[LocalCohort, ...] = ("all", "cin", "cp", "cla")


def a_history(seed: int, children: int) -> tuple[Facts, list[Event]]:
    rng = random.Random(seed)
    facts = Facts()
    story: list[Event] = [facts.pod(pod) for pod in PODS]
    pod_of = {worker: rng.choice(PODS) for worker in WORKERS}
    for worker in WORKERS:
        story += [facts.worker(worker), facts.joins(worker, pod_of[worker], date(2019, 1, 7))]
    for number in range(children):
        story += _a_child(facts, f"child {number}", rng, pod_of)
    return facts, story


def _a_child(facts: Facts, child: str, rng: random.Random, pod_of: dict[str, str]) -> list[Event]:
    referral = EARLIEST + timedelta(days=rng.randrange(0, 1200))
    events: list[Event] = [facts.child(child, uasc=rng.random() < 0.2), facts.opens(child, referral)]
    kinds = rng.sample(["CIN", "CP", "CLA", "CLA short breaks"], rng.randrange(1, 3))
    for kind in kinds:
        status = "CLA" if kind.startswith("CLA") else kind
        legal = rng.choice(["V3", "V4"]) if kind == "CLA short breaks" else rng.choice(["C2", "V2", None])
        start = referral + timedelta(days=rng.randrange(0, 200))
        events.append(facts.status(child, status, start, legal_status=legal, name=f"{kind} of {child}"))
        if rng.random() < 0.4:
            ended = start + timedelta(days=rng.randrange(0, 500))
            events.append(facts.status_ends(child, status, ended, name=f"{kind} of {child}"))
    day, worker = referral + timedelta(days=rng.randrange(0, 30)), rng.choice(WORKERS)
    allocations = [(worker, day)]
    events.append(facts.allocates(child, worker, pod_of[worker], day))
    open_episode: str | None = episode(child, worker, day)
    for _ in range(rng.randrange(0, 5)):
        day += timedelta(days=rng.choice([0, 1, rng.randrange(2, 300)]))
        successor = rng.choice([w for w in WORKERS if w != worker] if rng.random() < 0.8 else WORKERS)
        if open_episode is None:
            events.append(facts.allocates(child, successor, pod_of[successor], day))
        elif rng.random() < 0.15:
            events.append(facts.unallocates(child, open_episode, worker, pod_of[worker], day))
            open_episode = None
            continue
        else:
            events.append(
                facts.transfers(child, open_episode, successor, pod_of[successor], day, from_pod=pod_of[worker])
            )
        worker = successor
        allocations.append((worker, day))
        open_episode = episode(child, worker, day)
    for _ in range(rng.choice([0, 0, 1, 2])):
        corrected_worker, start = rng.choice(allocations)
        named = episode(child, corrected_worker, start)
        moved = start + timedelta(days=rng.randrange(-20, 40))
        end: date | None = rng.choice([None, moved + timedelta(days=rng.randrange(-2, 200))])
        in_error = rng.random() < 0.3
        events.append(
            facts.corrects(child, named, rng.choice(WORKERS), rng.choice(PODS), moved, end, entered_in_error=in_error)
        )
    events += _a_late_status(facts, child, rng, day)
    if rng.random() < 0.35:
        closed = day + timedelta(days=rng.randrange(0, 400))
        if open_episode is not None:
            events.append(facts.allocation_ends(child, open_episode, closed))
        events.append(facts.closes(child, closed))
    return events


def _a_late_status(facts: Facts, child: str, rng: random.Random, day: date) -> list[Event]:
    """Sometimes a status that moves after the episodes are in: the child's national rows move, its episodes not."""
    if rng.random() >= 0.4:
        return []
    late = f"late CLA of {child}"
    start = day + timedelta(days=rng.randrange(-400, 200))
    events: list[Event] = [facts.status(child, "CLA", start, legal_status=rng.choice(["C2", "V4"]), name=late)]
    if rng.random() < 0.5:
        events.append(facts.status_ends(child, "CLA", start + timedelta(days=rng.randrange(0, 500)), name=late))
    return events


async def _both_ways(session: AsyncSession, pods: list[str | None], workers: list[str]) -> dict[str, tuple[Any, Any]]:
    compared: dict[str, tuple[Any, Any]] = {}
    for window_from, window_to in (*WINDOWS, *await _on_the_boundaries(session)):
        asks: list[tuple[LocalCohort, str | None, str | None]] = [(c, pod, None) for c in COHORTS for pod in pods]
        asks += [("all", None, worker) for worker in workers]
        asks.append(("cla", pods[-1], workers[0]))
        for cohort, pod, worker in asks:
            fast_local = (await figures.local(session, window_from, window_to, cohort, pod, worker)).value
            slow_local = await reference.local(session, window_from, window_to, cohort, pod, worker)
            compared[f"local {window_from}-{window_to} {cohort} {pod} {worker}"] = (fast_local, slow_local)
    for year in YEARS:
        for pod in pods:
            fast_dfe = (await figures.dfe(session, year, pod)).value
            compared[f"dfe {year} {pod}"] = (fast_dfe, await reference.dfe(session, year, pod))
            fast_cco = (await figures.commissioner(session, year, pod)).value
            compared[f"cco {year} {pod}"] = (fast_cco, await reference.commissioner(session, year, pod))
    for first, last in MONTHS:
        fast = (await figures.monthly(session, first, last)).value
        compared[f"monthly {first}-{last}"] = (fast, await reference.monthly(session, first, last))
    return compared


async def _on_the_boundaries(session: AsyncSession) -> list[tuple[date, date]]:
    """A window from the day an episode ends to the day another ends: the ends of the windows are inclusive, and an
    episode ending on the last day no longer holds the child on it."""
    found = await session.scalars(sa.select(AllocationRow.end).distinct())
    ends = sorted(end for end in found if end is not None)
    return [(ends[0], ends[-1])] if ends else []


async def _compare(facts: Facts, delivery: Delivery, half_way: int, server_url: str | None = None) -> None:
    if server_url is None:
        await _compare_on(facts, delivery, half_way, "sqlite+aiosqlite://")
        return
    async with postgresql_database(server_url) as database_url:
        await _compare_on(facts, delivery, half_way, database_url)


async def _compare_on(facts: Facts, delivery: Delivery, half_way: int, database_url: str) -> None:
    pods: list[str | None] = [None, *(str(facts.id(pod)) for pod in PODS)]
    workers = [str(facts.id(worker)) for worker in WORKERS]
    async with kpi_consumer(database_url) as kpi:
        sessions = async_sessionmaker(kpi.engine)
        await kpi.deliver(*delivery.batches[:half_way])
        async with sessions() as session:
            await _both_ways(session, pods, workers)
        await kpi.deliver(*delivery.batches[half_way:])
        assert kpi.transport.published == [], "nothing may be dead-lettered"
        async with sessions() as session:
            for name, (fast, slow) in (await _both_ways(session, pods, workers)).items():
                assert figures.plain(fast) == figures.plain(slow), name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), seed=st.integers(0, 2**32), children=st.integers(1, 6), duplicates=st.booleans())
def test_the_kept_figures_equal_the_reference_for_any_history_and_any_delivery(
    data: st.DataObject, seed: int, children: int, duplicates: bool
) -> None:
    facts, story = a_history(seed, children)
    delivery = data.draw(any_valid_delivery(story, duplicates=duplicates))
    half_way = data.draw(st.integers(0, len(delivery.batches)))
    asyncio.run(_compare(facts, delivery, half_way))


@pytest.mark.infra
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), seed=st.integers(0, 2**32), children=st.integers(1, 6), duplicates=st.booleans())
def test_on_postgresql_too_where_the_batch_goes_out_as_arrays(
    pg_url: str, data: st.DataObject, seed: int, children: int, duplicates: bool
) -> None:
    facts, story = a_history(seed, children)
    delivery = data.draw(any_valid_delivery(story, duplicates=duplicates))
    half_way = data.draw(st.integers(0, len(delivery.batches)))
    asyncio.run(_compare(facts, delivery, half_way, pg_url))
