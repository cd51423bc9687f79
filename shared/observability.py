"""Structured JSON logs with a correlation id (also carried in event headers) and Prometheus metrics."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import structlog
from prometheus_client import Counter, Gauge, Histogram

_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def correlation_id() -> str | None:
    return _correlation_id.get()


@contextmanager
def bind_correlation_id(value: str | None) -> Iterator[None]:
    token = _correlation_id.set(value)
    try:
        yield
    finally:
        _correlation_id.reset(token)


def _add_correlation_id(_logger: Any, _name: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    if (value := correlation_id()) is not None:
        event_dict.setdefault("correlation_id", value)
    return event_dict


def configure_logging(level: str = "INFO", *, json: bool = True) -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stdout, level=level.upper(), force=True)
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            _add_correlation_id,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            # Plain tracebacks: rich's (the console default) prints every frame's locals, which can take minutes.
            structlog.processors.JSONRenderer()
            if json
            else structlog.dev.ConsoleRenderer(exception_formatter=structlog.dev.plain_traceback),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        cache_logger_on_first_use=True,
    )


class _Metrics:
    http_requests = Histogram(
        "continuum_http_request_seconds", "HTTP request latency", ["service", "method", "route", "status"]
    )
    events_published = Counter("continuum_events_published_total", "Events relayed from the outbox", ["service"])
    relay_failures = Counter("continuum_relay_failures_total", "Failed relay passes (broker down, ...)", ["service"])
    outbox_pending = Gauge("continuum_outbox_pending", "Outbox rows not yet published (relay lag)", ["service"])
    events_applied = Counter("continuum_events_applied_total", "Events applied by consumers", ["service", "topic"])
    events_duplicate = Counter("continuum_events_duplicate_total", "Duplicate deliveries skipped", ["service"])
    dead_lettered = Counter("continuum_events_dead_lettered_total", "Events sent to a DLQ", ["service", "topic"])
    consumer_lag = Gauge("continuum_consumer_lag", "Events waiting for the consumer", ["service"])
    projection_age = Gauge(
        "continuum_projection_age_seconds", "Seconds since the consumer last applied an event", ["service"]
    )
    outbox_oldest_age = Gauge(
        "continuum_outbox_oldest_age_seconds", "Age of the oldest unpublished outbox row (0 when none)", ["service"]
    )
    consumer_partition_lag = Gauge(
        "continuum_consumer_partition_lag",
        "Events waiting for the consumer on each partition assigned to this process",
        ["service", "topic", "partition"],
    )
    dead_letters = Gauge(
        "continuum_dead_letters", "Rows in the service's dead_letters table: the DLQ not yet cleared", ["service"]
    )
    liveness_problems = Gauge(
        "continuum_liveness_problems", "Relay or consumer tasks dead or stalled (fails /health/live)", ["service"]
    )
    replay_events_read = Gauge("continuum_replay_events_read", "Events a replay has read so far", ["service", "group"])
    replay_events_expected = Gauge(
        "continuum_replay_events_expected", "Events the topics held when the replay began", ["service", "group"]
    )


metrics = _Metrics()
