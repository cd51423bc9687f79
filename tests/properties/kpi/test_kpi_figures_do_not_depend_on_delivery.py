"""Replaying the same facts in any order Kafka allows, or with duplicates, gives identical figures.

Kafka keeps each key's facts in order and promises nothing across keys or topics; the relay may send a fact
again after a crash. So the read model must come out the same however the keys interleave, however the facts
are cut into batches, and however often each fact arrives.
"""

from __future__ import annotations

import asyncio
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import async_sessionmaker

from services.kpi.queries import figures
from services.kpi.settings import KpiSettings
from shared.events.base import Event
from shared.messaging.transport import Received
from tests.handlers.kpi.deliveries import Facts, episode, kpi_consumer, received

PODS = ("pod north", "pod south")
WORKERS = ("a", "b", "c", "d")
EARLIEST = date(2022, 10, 3)


def a_story(seed: int, children: int) -> tuple[Facts, list[Event]]:
    """Pods, workers and children with cases, statuses, allocations, transfers, corrections and closures,
    each key's facts in the order allocation would publish them."""
    rng = random.Random(seed)
    facts = Facts()
    story: list[Event] = [facts.pod(pod) for pod in PODS]
    pod_of = {worker: rng.choice(PODS) for worker in WORKERS}
    for worker in WORKERS:
        story += [facts.worker(worker, rng.choice(["employed", "agency"]))]
        story += [facts.joins(worker, pod_of[worker], date(2020, 1, 6), fte=rng.choice([0.5, 0.8, 1.0]))]
    for number in range(children):
        story += _a_child(facts, f"child {number}", rng, pod_of)
    return facts, story


def _a_child(facts: Facts, child: str, rng: random.Random, pod_of: dict[str, str]) -> list[Event]:
    referral = EARLIEST + timedelta(days=rng.randrange(0, 300))
    events: list[Event] = [facts.child(child, uasc=rng.random() < 0.2), facts.opens(child, referral)]
    kind = rng.choice(["CIN", "CP", "CLA"])
    events.append(facts.status(child, kind, referral, legal_status=rng.choice(["C2", "V3", "V4"])))
    day, worker = referral + timedelta(days=rng.randrange(0, 20)), rng.choice(WORKERS)
    allocations = [(worker, day)]
    events.append(facts.allocates(child, worker, pod_of[worker], day))
    for _ in range(rng.randrange(0, 4)):
        day += timedelta(days=rng.randrange(0, 120))
        successor = rng.choice([w for w in WORKERS if w != worker])
        previous = episode(child, worker, allocations[-1][1])
        events.append(facts.transfers(child, previous, successor, pod_of[successor], day, from_pod=pod_of[worker]))
        worker = successor
        allocations.append((worker, day))
    if rng.random() < 0.3:
        corrected_worker, start = rng.choice(allocations)
        named = episode(child, corrected_worker, start)
        in_error = rng.random() < 0.5
        events.append(facts.corrects(child, named, rng.choice(WORKERS), PODS[0], start, entered_in_error=in_error))
    if rng.random() < 0.4:
        closed = day + timedelta(days=rng.randrange(0, 200))
        events.append(facts.allocation_ends(child, episode(child, worker, day), closed))
        events.append(facts.status_ends(child, kind, closed))
        events.append(facts.closes(child, closed))
    return events


@dataclass(frozen=True)
class Delivery:
    batches: list[list[Received]]

    def flat(self) -> list[Received]:
        return [item for batch in self.batches for item in batch]


def in_order(story: list[Event]) -> Delivery:
    return Delivery([[received(event, offset=n) for n, event in enumerate(story, start=1)]])


@st.composite
def any_valid_delivery(draw: st.DrawFn, story: list[Event], *, duplicates: bool) -> Delivery:
    """Keys interleaved any way at all, each key's facts in their order, cut into batches of any size; with
    duplicates, some facts delivered again anywhere after their first delivery."""
    first = [received(event, offset=n) for n, event in enumerate(story, start=1)]
    by_key: dict[tuple[str, str], list[Received]] = defaultdict(list)
    for item in first:
        by_key[(item.message.topic, item.message.key)].append(item)
    slots = draw(st.permutations([key for key, items in by_key.items() for _ in items]))
    queues = {key: iter(items) for key, items in by_key.items()}
    sequence = [next(queues[key]) for key in slots]
    if duplicates:
        for original in draw(st.lists(st.sampled_from(range(len(sequence))), max_size=12)):
            position = sequence.index(first[original]) + 1
            sequence.insert(draw(st.integers(position, len(sequence))), first[original])
    cuts = sorted(draw(st.sets(st.integers(1, max(len(sequence) - 1, 1)), max_size=6)))
    bounds = [0, *cuts, len(sequence)]
    return Delivery([sequence[start:end] for start, end in pairwise(bounds) if end > start])


async def _figures_after(delivery: Delivery, pod: str) -> dict[str, Any]:
    async with kpi_consumer() as kpi:
        await kpi.deliver(*delivery.batches)
        assert kpi.transport.published == [], "nothing may be dead-lettered"
        async with async_sessionmaker(kpi.engine)() as session:
            found: dict[str, figures.Reckoned[Any]] = {
                "dfe": await figures.dfe(session, 2024, None),
                "dfe in a pod": await figures.dfe(session, 2024, pod),
                "cco": await figures.commissioner(session, 2024, None),
                "cco in a pod": await figures.commissioner(session, 2024, pod),
                "local all": await figures.local(session, date(2023, 4, 1), date(2024, 3, 31), "all", None, None),
                "local in a pod": await figures.local(session, date(2023, 1, 1), date(2023, 12, 31), "all", pod, None),
                "local cla": await figures.local(session, date(2023, 4, 1), date(2024, 3, 31), "cla", None, None),
                "caseloads": await figures.caseloads(session, date(2023, 9, 30), KpiSettings()),
                "monthly": await figures.monthly(session, (2023, 1), (2024, 6)),
            }
    return {name: figures.plain(reckoned.value) for name, reckoned in found.items()}


def _same_figures(facts: Facts, story: list[Event], delivery: Delivery) -> None:
    pod = str(facts.id(PODS[0]))
    expected = asyncio.run(_figures_after(in_order(story), pod))
    actual = asyncio.run(_figures_after(delivery, pod))
    for name in expected:
        assert actual[name] == expected[name], f"{name} changed with the order of delivery (or a duplicate)"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, 2**32), children=st.integers(1, 4), duplicates=st.booleans())
def test_any_per_key_order_any_batching_and_any_duplicates_give_identical_figures(
    data: st.DataObject, seed: int, children: int, duplicates: bool
) -> None:
    facts, story = a_story(seed, children)
    _same_figures(facts, story, data.draw(any_valid_delivery(story, duplicates=duplicates)))
