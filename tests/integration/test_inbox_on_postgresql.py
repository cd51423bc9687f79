"""The inbox on PostgreSQL: two consumers handed the same events at the same moment still apply each once."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from shared.db import create_engine
from shared.events.envelope import envelope_for
from shared.messaging.consumer import EventConsumer
from shared.messaging.transport import Message, Received
from tests.support import tally_service
from tests.support.probe_service import ProbePinged
from tests.support.tally_reading import read_tally
from tests.support.transports import RecordingTransport

pytestmark = pytest.mark.infra


def _delivered(subject: uuid.UUID, count: int) -> list[Received]:
    batch = []
    for sequence in range(1, count + 1):
        ping = ProbePinged(ping_id=uuid.uuid4(), subject_id=subject, sequence=sequence)
        envelope = envelope_for(ping, source="/continuum/probe", correlation_id=None)
        batch.append(Received(Message(ping.topic, ping.key, envelope.to_headers(), envelope.data), 0, sequence))
    return batch


async def test_the_same_batch_applied_by_two_consumers_at_once_takes_effect_once(
    tally_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A slow handler keeps both transactions open together, as after a rebalance hands a partition over mid-batch.
    monkeypatch.setenv("TALLY_HANDLER_DELAY", "0.01")
    subject = uuid.uuid4()
    batch = _delivered(subject, 20)
    engines = [create_engine(tally_database) for _ in range(2)]
    consumers = [
        EventConsumer(
            "tally",
            engine,
            tally_service.platform,
            RecordingTransport(),
            tally_service.subscriptions,
            tally_service.unit_of_work,
        )
        for engine in engines
    ]
    try:
        outcomes = await asyncio.gather(*(c.apply_batch(batch) for c in consumers), return_exceptions=True)
        redelivered = await consumers[0].apply_batch(batch)
        tally = await read_tally(engines[0])
    finally:
        for engine in engines:
            await engine.dispose()

    applied = [outcome for outcome in outcomes if isinstance(outcome, int)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    assert sum(applied) == 20, f"outcomes: {outcomes}"
    assert all("inbox_pkey" in str(error) for error in refused), f"refused for another reason than the inbox: {refused}"
    assert redelivered == 0
    assert tally.sequences == {subject: list(range(1, 21))}, "an event took effect twice or not at all"
    assert tally.counts == {subject: 20}
    assert tally.dead_letters == []
