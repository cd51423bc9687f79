"""Every service of the platform list as two replicas against one Kafka and one PostgreSQL, as the Helm chart runs
them: per service, one relay publishes and the other stands by; the two consumers of each service's group split
its topics' partitions between them. Writes go to both allocation replicas; when allocation's publishing replica is
killed with SIGKILL, its standby takes over, and every follower takes in every event allocation staged.

(tests/e2e/test_services_run_as_replicas.py proves the runtime's guarantees in detail on a probe and a tally:
per-key order, exactly once under SIGKILL, the time a takeover and a rebalance take. This test shows the services
themselves are deployed that way.)"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from services import platform
from shared.db import create_engine
from shared.events.topology import topic_partitions
from shared.runtime.service import Service
from shared.settings import PlatformSettings
from tests.conftest import TEST_SIGNING_KEY, CreateDatabase
from tests.flows.kpi.in_process import AllocationStory
from tests.support.polling import eventually
from tests.support.processes import ServiceProcess, metric_samples, service_environment

pytestmark = pytest.mark.infra

SETTLED_WITHIN = 120.0


def _service(name: str) -> Service:
    module, attribute = platform.declaration(name).split(":")
    service: Service = getattr(importlib.import_module(module), attribute)
    return service


@dataclass
class Replicas:
    service: Service
    processes: list[ServiceProcess]
    database_url: str


async def _leading(replicas: Replicas) -> list[float]:
    name = replicas.service.name
    return [
        sum(value for _, value in await metric_samples(process, "continuum_relay_leader", service=name))
        for process in replicas.processes
    ]


async def _held(replicas: Replicas) -> list[set[tuple[str, int]]]:
    """The (topic, partition) pairs each replica's consumer holds."""
    return [
        {
            (labels["topic"], int(labels["partition"]))
            for labels, _ in await metric_samples(process, "continuum_consumer_partition_lag")
        }
        for process in replicas.processes
    ]


def _split(every: set[tuple[str, int]], held: list[set[tuple[str, int]]]) -> bool:
    """Each partition held by exactly one of the two replicas, and each replica holding some (until the second has
    joined the group and its metrics have refreshed, the first holds them all)."""
    return bool(held[0]) and bool(held[1]) and not held[0] & held[1] and held[0] | held[1] == every


async def _count(database_url: str, query: sa.Select[int]) -> int:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return int((await connection.execute(query)).scalar_one())
    finally:
        await engine.dispose()


@pytest.fixture
async def replicated(
    kafka_bootstrap: str, create_database: CreateDatabase, tmp_path: Path
) -> AsyncIterator[dict[str, Replicas]]:
    services = [_service(name) for name in platform.SERVICES]
    databases = {service.name: await create_database() for service in services}
    environment = service_environment(
        CONTINUUM_ENVIRONMENT="test",
        CONTINUUM_AUTH_SIGNING_KEY=TEST_SIGNING_KEY,
        CONTINUUM_KAFKA_BOOTSTRAP_SERVERS=kafka_bootstrap,
        CONTINUUM_LOG_LEVEL="WARNING",
        **{f"CONTINUUM_{name.upper()}_DATABASE_URL": url for name, url in databases.items()},
    )
    replicas = {
        service.name: Replicas(
            service,
            [
                ServiceProcess(platform.declaration(service.name), environment, tmp_path / f"{service.name}-{n}.log")
                for n in (1, 2)
            ],
            databases[service.name],
        )
        for service in services
    }
    try:
        # The first replica of each migrates its database as it starts; the second, like every replica the chart
        # runs, does not.
        for each in replicas.values():
            each.processes[0].start()
        for each in replicas.values():
            await each.processes[0].wait_ready(timeout=SETTLED_WITHIN)
        for each in replicas.values():
            each.processes[1].start(CONTINUUM_MIGRATE_ON_START="false")
        for each in replicas.values():
            await each.processes[1].wait_ready(timeout=SETTLED_WITHIN)
        yield replicas
    finally:
        for each in replicas.values():
            for process in each.processes:
                process.stop()


async def _casework(story: AllocationStory, day: date) -> None:
    north = await story.pod(f"North {uuid.uuid4().hex[:6]}")
    amy, ben = await story.worker("Amy", north), await story.worker("Ben", north)
    case = await story.child_with_case(f"c{uuid.uuid4().hex[:6]}", day)
    await story.allocate(case, north, amy, day)
    await story.transfer(case, ben, date(day.year, day.month, day.day + 7))


async def _followers_take_in_everything(replicas: dict[str, Replicas]) -> int:
    """Until each follower's replicas between them have taken in every event allocation staged on the topics it
    follows (applied or ignored: the inbox holds both, once per event); the number allocation staged. Counted by
    event id: a follower whose group has no offset yet also reads earlier tests' events on the shared broker."""
    allocation = replicas["allocation"]
    outbox = allocation.service.tables.outbox
    staged = await _count(allocation.database_url, sa.select(sa.func.count()).select_from(outbox))
    for each in replicas.values():
        topics = [topic for topic in each.service.subscriptions.topics if topic.startswith("allocation.")]
        if not topics:
            continue
        ours = await _event_ids(allocation.database_url, sa.select(outbox.c.event_id).where(outbox.c.topic.in_(topics)))
        inbox = each.service.tables.inbox
        taken = sa.select(sa.func.count()).select_from(inbox).where(inbox.c.event_id.in_(ours))
        await eventually(
            partial(_count, each.database_url, taken),
            partial(int.__eq__, len(ours)),
            timeout=SETTLED_WITHIN,
            interval=0.5,
            what=f"{each.service.name}'s replicas to take in the {len(ours)} events allocation staged on {topics}",
        )
    return staged


async def _event_ids(database_url: str, query: sa.Select[tuple[str]]) -> list[str]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return [str(event_id) for event_id in (await connection.execute(query)).scalars()]
    finally:
        await engine.dispose()


async def test_each_service_runs_as_two_replicas_with_one_publisher_and_its_partitions_split(
    replicated: dict[str, Replicas],
) -> None:
    partitions = topic_partitions()
    for name, each in replicated.items():
        if each.service.publishes:
            await eventually(
                partial(_leading, each),
                lambda flags: sorted(flags) == [0.0, 1.0],
                timeout=SETTLED_WITHIN,
                interval=0.5,
                what=f"one of {name}'s two relays to lead",
            )
        topics = each.service.subscriptions.topics
        if topics:
            every = {(topic, p) for topic in topics for p in range(partitions[topic])}
            await eventually(
                partial(_held, each),
                partial(_split, every),
                timeout=SETTLED_WITHIN,
                interval=0.5,
                what=f"{name}'s two consumers to split {len(every)} partitions",
            )

    story = AllocationStory(PlatformSettings(environment="test", auth_signing_key=TEST_SIGNING_KEY, auth_jwks_url=None))
    await story.client.aclose()
    allocation = replicated["allocation"]
    try:
        for process in allocation.processes:
            story.client = httpx.AsyncClient(base_url=process.url, timeout=30.0)
            await _casework(story, date(2025, 1, 6))
            await story.client.aclose()
        before = await _followers_take_in_everything(replicated)
        await story.client.aclose()

        leading = await _leading(allocation)
        leader, standby = allocation.processes if leading[0] == 1 else reversed(allocation.processes)
        leader.kill()
        await eventually(
            lambda: _leading(Replicas(allocation.service, [standby], allocation.database_url)),
            lambda flags: flags == [1.0],
            timeout=SETTLED_WITHIN,
            interval=0.5,
            what="allocation's standby relay to take over publishing",
        )
        story.client = httpx.AsyncClient(base_url=standby.url, timeout=30.0)
        await _casework(story, date(2025, 2, 3))
        after = await _followers_take_in_everything(replicated)
    finally:
        await story.client.aclose()
    assert after > before, "the writes after the leader's SIGKILL were staged"
    outbox = allocation.service.tables.outbox
    unpublished = sa.select(sa.func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
    assert await _count(allocation.database_url, unpublished) == 0, "the standby published everything"
