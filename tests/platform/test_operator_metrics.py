"""The gauges a platform team alerts on (deploy/observability/alerts.yaml), as /metrics shows them."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

import shared.observability  # noqa: F401 - registers every Continuum metric
from tests.support.embedded import EmbeddedPlatform
from tests.support.polling import eventually

OBSERVABILITY = Path(__file__).parents[2] / "deploy" / "observability"
SUFFIXES = {"counter": ("", "_total"), "histogram": ("", "_bucket", "_count", "_sum"), "gauge": ("",)}


async def _sample(platform: EmbeddedPlatform, name: str, **labels: str) -> float | None:
    assert platform.client is not None
    response = await platform.client.get("/metrics")
    assert response.status_code == 200
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(key) == value for key, value in labels.items()):
                return sample.value
    return None


async def test_an_event_waiting_in_the_outbox_shows_its_age(embedded_platform: EmbeddedPlatform) -> None:
    embedded_platform.transport.down = True
    assert (await embedded_platform.ping(uuid.uuid4(), 1)).status_code == 201
    await eventually(lambda: embedded_platform.transport.refused, lambda n: n >= 1, what="the relay to try and fail")

    await embedded_platform.probe.observe()

    assert await _sample(embedded_platform, "continuum_outbox_pending", service="probe") == 1
    age = await _sample(embedded_platform, "continuum_outbox_oldest_age_seconds", service="probe")
    assert age is not None
    assert age > 0, "a waiting event must give the outbox an age"


async def test_an_empty_outbox_has_no_age(embedded_platform: EmbeddedPlatform) -> None:
    await embedded_platform.probe.observe()

    assert await _sample(embedded_platform, "continuum_outbox_oldest_age_seconds", service="probe") == 0


async def test_the_consumer_reports_its_lag_by_partition_and_that_it_is_alive(
    embedded_platform: EmbeddedPlatform,
) -> None:
    tally = embedded_platform.tally
    consumer = tally.consumer
    assert consumer is not None
    await eventually(lambda: consumer.subscription, lambda s: s is not None, what="the tally to subscribe")

    await tally.observe()

    lag = await _sample(
        embedded_platform, "continuum_consumer_partition_lag", service="tally", topic="probe.pings", partition="0"
    )
    assert lag is not None, "the tally's one partition of probe.pings has no lag sample"
    assert await _sample(embedded_platform, "continuum_liveness_problems", service="tally") == 0


async def test_a_dead_lettered_event_counts_in_the_dlq_gauge_until_cleared(
    embedded_platform: EmbeddedPlatform,
) -> None:
    tally = embedded_platform.tally
    assert tally.consumer is not None
    assert (await embedded_platform.ping(uuid.uuid4(), 1, explode=True)).status_code == 201

    consumer = tally.consumer
    await eventually(consumer.dead_letter_count, lambda n: n == 1, timeout=60, what="the poison's dead letter")
    await tally.observe()

    assert await _sample(embedded_platform, "continuum_dead_letters", service="tally") == 1


def test_every_continuum_metric_the_dashboard_and_alerts_use_is_one_the_services_expose() -> None:
    exposed = {
        family.name + suffix
        for family in REGISTRY.collect()
        if family.name.startswith("continuum_")
        for suffix in SUFFIXES.get(family.type, ("",))
    }
    for name in ("grafana-dashboard.json", "alerts.yaml"):
        used = set(re.findall(r"\bcontinuum_[a-z_]+", (OBSERVABILITY / name).read_text()))
        assert used, f"{name} uses no Continuum metric"
        assert used <= exposed, f"{name} uses metrics no service exposes: {sorted(used - exposed)}"
