"""Structured JSON logs with a correlation id (also carried in event headers), Prometheus metrics, and
OpenTelemetry traces that follow a request through the outbox and Kafka into each consumer's handler.

Tracing is off unless an OTLP endpoint is configured: spans are then the API's no-op spans, and nothing is exported.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import structlog
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from prometheus_client import Counter, Gauge, Histogram

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

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


def add_trace_ids(_logger: Any, _name: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """A log line written inside a span names it, so logs and traces can be joined."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event_dict.setdefault("trace_id", trace.format_trace_id(context.trace_id))
        event_dict.setdefault("span_id", trace.format_span_id(context.span_id))
    return event_dict


def configure_logging(level: str = "INFO", *, json: bool = True) -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stdout, level=level.upper(), force=True)
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            _add_correlation_id,
            add_trace_ids,
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


# Tracing --------------------------------------------------------------------------------------------------------

TRACER_NAME = "continuum"
_propagator = TraceContextTextMapPropagator()


class _Tracing:
    """The tracer the platform's spans come from: the global provider's (no-op until one is set) by default."""

    tracer: trace.Tracer = trace.get_tracer(TRACER_NAME)


def tracer() -> trace.Tracer:
    return _Tracing.tracer


@contextmanager
def tracing_to(provider: trace.TracerProvider) -> Iterator[None]:
    """The platform's spans go to `provider` for the block (tests collect them with an in-memory exporter)."""
    previous, _Tracing.tracer = _Tracing.tracer, provider.get_tracer(TRACER_NAME)
    try:
        yield
    finally:
        _Tracing.tracer = previous


def configure_tracing(service_name: str, otlp_endpoint: str | None) -> TracerProvider | None:
    """Exports spans with OTLP over HTTP when an endpoint is configured: `otlp_endpoint` (CONTINUUM_OTLP_ENDPOINT, the
    collector's base URL; spans go to its /v1/traces) or the standard OTEL_EXPORTER_OTLP_ENDPOINT or
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. Otherwise does nothing and returns None: tracing stays off. The caller shuts the
    provider down when the process stops, which sends what is still batched."""
    standard = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    if not (otlp_endpoint or standard):
        return None
    # Imported only when tracing is on: off, the process loads no exporter.
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    endpoint = f"{otlp_endpoint.rstrip('/')}/v1/traces" if otlp_endpoint else None
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service_name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    _Tracing.tracer = provider.get_tracer(TRACER_NAME)
    return provider


def trace_context() -> dict[str, str]:
    """The W3C trace context (`traceparent`, and `tracestate` when there is one) of the current span; empty when no
    span is being traced. Carried on each event as CloudEvents extensions (the distributed tracing extension)."""
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return carrier


def context_from(carrier: Mapping[str, str]) -> Context:
    """The span context that `carrier`'s `traceparent` names, as the parent of spans started under it."""
    return _propagator.extract(carrier)


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
    relay_leader = Gauge(
        "continuum_relay_leader", "1 while this process's relay holds its service's publishing lock", ["service"]
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
