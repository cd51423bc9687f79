"""Two replicas of each service against one Kafka and one PostgreSQL database, as the Helm chart runs them.

Two probe processes share the probe's database; two tally processes share the tally's database and its consumer
group. Both probes take writes. The relays elect one publisher (a PostgreSQL advisory lock); when it is killed with
SIGKILL the standby takes over within seconds. The tallies split the topic's partitions; when one is killed the
survivor takes them all. Throughout, every write the probes answered 201 is applied exactly once, in per-key order.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiokafka.partitioner import DefaultPartitioner

from shared.events.topology import topic_partitions
from tests.e2e.conftest import PROBE, TALLY, DistributedPlatform
from tests.support.polling import eventually
from tests.support.probe_service import platform as probe_tables
from tests.support.processes import ServiceProcess, metric_samples
from tests.support.tally_reading import Tally

pytestmark = pytest.mark.infra

TAKEOVER_WITHIN = 15.0
"""From the last event the killed leader published to the first its standby publishes."""
REBALANCE_WITHIN = 60.0
"""From killing a consumer to the survivor holding every partition: Kafka's 10-second session timeout, the
rebalance, and the survivor's 5-second metrics refresh, on a loaded machine."""
SETTLED_WITHIN = 120.0


async def _value(process: ServiceProcess, name: str, **labels: str) -> float:
    """The sum of the samples (0 when the process has none: a counter never incremented has no sample)."""
    return sum(value for _, value in await metric_samples(process, name, **labels))


async def _leaders(probes: list[ServiceProcess]) -> list[float]:
    return [await _value(probe, "continuum_relay_leader", service="probe") for probe in probes]


async def _partitions(tally: ServiceProcess, topic: str) -> set[int]:
    """The partitions of `topic` the process's consumer holds, as its continuum_consumer_partition_lag shows."""
    samples = await metric_samples(tally, "continuum_consumer_partition_lag", topic=topic)
    return {int(labels["partition"]) for labels, _ in samples}


def _subjects_on_every_partition(partitions: int, per_partition: int) -> list[uuid.UUID]:
    """Subjects whose keys the producer's partitioner spreads evenly, so every partition carries events."""
    partitioner, ids = DefaultPartitioner(), list(range(partitions))
    chosen: dict[int, list[uuid.UUID]] = defaultdict(list)
    while any(len(chosen[p]) < per_partition for p in ids):
        subject = uuid.uuid4()
        partition = partitioner(str(subject).encode(), ids, ids)
        if len(chosen[partition]) < per_partition:
            chosen[partition].append(subject)
    return [subject for p in ids for subject in chosen[p]]


class Writer:
    """Pings its subjects in turn, each with sequences 1, 2, …, through whichever probes it is given, in turn."""

    def __init__(self, platform: DistributedPlatform, subjects: list[uuid.UUID], probes: list[ServiceProcess]) -> None:
        self.platform = platform
        self.subjects = subjects
        self.probes = list(probes)
        self.accepted: dict[uuid.UUID, list[int]] = {subject: [] for subject in subjects}
        self.accepted_by: dict[int, int] = defaultdict(int)
        self.refused: list[str] = []
        self.writing_to: ServiceProcess | None = None
        self.stopping = False

    def total(self) -> int:
        return sum(len(sequences) for sequences in self.accepted.values())

    async def run(self) -> None:
        turn = 0
        while not self.stopping:
            subject = self.subjects[turn % len(self.subjects)]
            probe = self.probes[turn % len(self.probes)]
            sequence = len(self.accepted[subject]) + 1
            self.writing_to = probe
            response = await self.platform.client.post(
                f"{probe.url}/probe/v1/pings",
                json={"subject_id": str(subject), "sequence": sequence},
                headers={"Authorization": f"Bearer {self.platform.token}"},
            )
            self.writing_to = None
            if response.status_code == 201:
                self.accepted[subject].append(sequence)
                self.accepted_by[probe.port] += 1
            else:
                self.refused.append(f"{response.status_code} {response.text[:200]}")
            turn += 1
            await asyncio.sleep(0.02)

    async def leave(self, probe: ServiceProcess) -> None:
        """Stops sending to `probe` and waits for its request in flight: every answer the test counts is certain."""
        self.probes.remove(probe)
        await eventually(lambda: self.writing_to, lambda target: target is not probe, what="the request in flight")

    async def after(self, more: int) -> None:
        accepted = self.total()
        await eventually(self.total, lambda n: n >= accepted + more, timeout=SETTLED_WITHIN, what=f"{more} more writes")


async def _published_at(platform: DistributedPlatform) -> list[datetime]:
    outbox = probe_tables.outbox
    query = sa.select(outbox.c.published_at).where(outbox.c.published_at.is_not(None))
    async with platform.probe_database.connect() as connection:
        return sorted((await connection.execute(query)).scalars())


async def _start_replicas(first: ServiceProcess, second: ServiceProcess) -> None:
    """The first migrates the database as it starts; the second, like every replica the chart runs, does not."""
    first.start()
    await first.wait_ready()
    second.start(CONTINUUM_MIGRATE_ON_START="false")
    await second.wait_ready()


async def test_replicas_elect_one_publisher_split_the_partitions_and_survive_sigkill_applying_each_write_once(
    distributed: DistributedPlatform, tmp_path: Path
) -> None:
    probes = [distributed.probe, ServiceProcess(PROBE, distributed.probe.environment, tmp_path / "probe-2.log")]
    tallies = [distributed.tally, ServiceProcess(TALLY, distributed.tally.environment, tmp_path / "tally-2.log")]
    group = distributed.tally.environment["TALLY_SERVICE_NAME"]
    partitions = set(range(topic_partitions((distributed.topic,))[distributed.topic]))
    subjects = _subjects_on_every_partition(len(partitions), per_partition=4)
    try:
        await _start_replicas(*probes)
        await _start_replicas(*tallies)

        # One publisher per service.
        leaders = await eventually(
            lambda: _leaders(probes), lambda flags: sorted(flags) == [0, 1], what="one probe relay leading"
        )
        leader, standby = (probes[0], probes[1]) if leaders[0] == 1 else (probes[1], probes[0])

        # One consumer group, its partitions split between the two tallies.
        async def held() -> list[set[int]]:
            return [await _partitions(tally, distributed.topic) for tally in tallies]

        split = await eventually(
            held,
            lambda sets: all(sets) and not sets[0] & sets[1] and sets[0] | sets[1] == partitions,
            timeout=SETTLED_WITHIN,
            interval=0.5,
            what=f"the tallies of group {group} to split partitions {sorted(partitions)}",
        )
        print(f"partitions held: tally 1 {sorted(split[0])}, tally 2 {sorted(split[1])}")

        writer = Writer(distributed, subjects, probes)
        writing = asyncio.create_task(writer.run())
        try:
            await writer.after(60)
            await eventually(
                lambda: _value(leader, "continuum_events_published_total", service="probe"),
                lambda published: published >= 30,
                timeout=SETTLED_WITHIN,
                what="the leader to publish",
            )
            assert await _value(standby, "continuum_events_published_total", service="probe") == 0, (
                "the standby relay published while the leader held the lock"
            )
            for tally in tallies:
                await eventually(
                    lambda: _value(tally, "continuum_events_applied_total", topic=distributed.topic),  # noqa: B023
                    lambda applied: applied > 0,
                    timeout=SETTLED_WITHIN,
                    what=f"each tally to apply events from its partitions {split}",
                )

            # SIGKILL the publishing replica; the writes go on through the other one.
            await writer.leave(leader)
            leader.kill()
            # Taken once the process is gone: whatever was published after this, the standby published.
            killed_at = datetime.now(UTC)
            await eventually(
                lambda: _value(standby, "continuum_events_published_total", service="probe"),
                lambda published: published > 0,
                timeout=SETTLED_WITHIN,
                what="the standby to publish",
            )
            assert await _value(standby, "continuum_relay_leader", service="probe") == 1
            await writer.after(30)

            # SIGKILL a consumer; the survivor takes every partition.
            doomed, survivor = tallies
            killed = time.monotonic()
            doomed.kill()
            await eventually(
                lambda: _partitions(survivor, distributed.topic),
                lambda held: held == partitions,
                timeout=SETTLED_WITHIN,
                interval=0.2,
                what="the surviving tally to hold every partition",
            )
            rebalanced_in = time.monotonic() - killed
            await writer.after(30)
        finally:
            writer.stopping = True
            await writing

        def complete(tally: Tally) -> bool:
            return all(tally.sequences.get(subject, []) == writer.accepted[subject] for subject in subjects)

        reconciled = await eventually(
            distributed.read_tally, complete, timeout=SETTLED_WITHIN, interval=0.5, what="every accepted write"
        )
    finally:
        for process in (*probes, *tallies):
            process.kill()

    published = await _published_at(distributed)
    stopped = max(at for at in published if at <= killed_at)
    resumed = min(at for at in published if at > killed_at)
    takeover = (resumed - stopped).total_seconds()
    print(
        f"relay takeover: last publish by the killed leader to first by the standby {takeover:.2f}s "
        f"(SIGKILL to first publish {(resumed - killed_at).total_seconds():.2f}s); "
        f"consumer rebalance: SIGKILL to the survivor holding all {len(partitions)} partitions {rebalanced_in:.1f}s "
        f"(Kafka's session timeout is 10 s; the metric refreshes every 5 s); "
        f"{writer.total()} writes accepted ({dict(writer.accepted_by)} by port), {reconciled.applied()} applied"
    )
    assert writer.refused == [], f"a probe replica refused writes: {writer.refused[:5]}"
    assert len(writer.accepted_by) == 2, f"both probe replicas must take writes: {dict(writer.accepted_by)}"
    assert takeover <= TAKEOVER_WITHIN, f"the standby took {takeover:.1f}s to take over publishing"
    assert rebalanced_in <= REBALANCE_WITHIN, f"the survivor took {rebalanced_in:.1f}s to hold every partition"
    assert reconciled.applied() == writer.total(), "the tally's rows do not match the writes answered 201"
    assert reconciled.doubled_events() == [], "an event took effect twice"
    assert reconciled.counts == {subject: len(writer.accepted[subject]) for subject in subjects}
