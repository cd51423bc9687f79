"""Tracing in one process: a request's span, its `traceparent` on the outbox row (`ce_traceparent`), and the
consumer's span for the event as that span's child; JSON logs name the span they were written in; off by default."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
import structlog
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy.ext.asyncio import async_sessionmaker

from shared.db import create_engine
from shared.observability import configure_logging, configure_tracing, tracer, tracing_to
from tests.support import probe_service
from tests.support.embedded import EmbeddedPlatform
from tests.support.polling import eventually
from tests.support.probe_service import ProbePinged, platform
from tests.support.tally_reading import Tally, read_tally


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """Every span the platform ends during the test, kept in memory."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    with tracing_to(provider):
        yield exporter
    provider.shutdown()


async def _outbox_headers(embedded: EmbeddedPlatform) -> list[dict[str, str]]:
    async with embedded.reader("probe").connect() as connection:
        rows = (await connection.execute(sa.select(platform.outbox.c.headers).order_by(platform.outbox.c.id))).all()
    return [dict(row.headers) for row in rows]


async def _applied(embedded: EmbeddedPlatform, subject: uuid.UUID) -> Tally:
    return await eventually(
        lambda: read_tally(embedded.reader("tally")),
        lambda tally: tally.sequences.get(subject) == [1],
        timeout=60,
        what="the tally to apply the ping",
    )


def _one(spans: InMemorySpanExporter, kind: SpanKind, name: str) -> ReadableSpan:
    found = [span for span in spans.get_finished_spans() if span.kind == kind and span.name == name]
    names = [(span.kind.name, span.name) for span in spans.get_finished_spans()]
    assert len(found) == 1, f"expected one {kind.name} span {name!r}; spans: {names}"
    return found[0]


async def test_a_requests_trace_travels_on_the_outbox_row_to_the_span_of_the_consumer_that_applies_the_event(
    embedded_platform: EmbeddedPlatform, spans: InMemorySpanExporter
) -> None:
    subject = uuid.uuid4()

    assert (await embedded_platform.ping(subject, 1)).status_code == 201
    await _applied(embedded_platform, subject)

    request = _one(spans, SpanKind.SERVER, "POST /probe/v1/pings")
    applied = _one(spans, SpanKind.CONSUMER, f"process {ProbePinged.topic}")
    assert request.context is not None
    assert applied.context is not None
    assert request.attributes is not None
    assert applied.attributes is not None
    assert applied.parent is not None, "the consumer's span has no parent: the trace stopped at the outbox"
    assert request.attributes["http.route"] == "/probe/v1/pings"
    assert request.attributes["http.response.status_code"] == 201
    [headers] = await _outbox_headers(embedded_platform)
    traceparent = f"00-{request.context.trace_id:032x}-{request.context.span_id:016x}-"
    assert headers.get("ce_traceparent", "").startswith(traceparent), "the outbox row does not carry the request span"
    assert applied.context.trace_id == request.context.trace_id, "the consumer's span started a trace of its own"
    assert applied.parent.span_id == request.context.span_id, "the consumer's span is not the request span's child"
    assert applied.attributes["messaging.message.id"] == headers["ce_id"]
    assert applied.attributes["cloudevents.event_type"] == ProbePinged.type_name()


async def test_a_request_that_carries_a_traceparent_continues_the_callers_trace(
    embedded_platform: EmbeddedPlatform, spans: InMemorySpanExporter
) -> None:
    caller_trace, caller_span = uuid.uuid4().hex, uuid.uuid4().hex[:16]
    assert embedded_platform.client is not None

    response = await embedded_platform.client.post(
        "/probe/v1/pings",
        json={"subject_id": str(uuid.uuid4()), "sequence": 1},
        headers={
            "Authorization": f"Bearer {embedded_platform.token}",
            "traceparent": f"00-{caller_trace}-{caller_span}-01",
        },
    )

    assert response.status_code == 201
    request = _one(spans, SpanKind.SERVER, "POST /probe/v1/pings")
    assert request.context is not None
    assert request.parent is not None
    assert f"{request.context.trace_id:032x}" == caller_trace
    assert f"{request.parent.span_id:016x}" == caller_span


async def test_health_probes_and_metric_scrapes_are_not_traced(
    embedded_platform: EmbeddedPlatform, spans: InMemorySpanExporter
) -> None:
    assert embedded_platform.client is not None
    for path in ("/health/live", "/health/ready", "/metrics"):
        assert (await embedded_platform.client.get(path)).status_code == 200

    assert [span.name for span in spans.get_finished_spans()] == []


async def test_each_event_carries_the_span_that_published_it_not_the_one_open_at_commit(
    spans: InMemorySpanExporter, sqlite_url: Callable[[str], str]
) -> None:
    engine = create_engine(sqlite_url("probe"))
    async with engine.begin() as connection:
        await connection.run_sync(probe_service.metadata.create_all)
    try:
        async with async_sessionmaker(engine)() as session:
            uow = probe_service.unit_of_work(session)
            # As a consumer's batch does: each event's handler publishes in its own span, the batch commits later.
            for handler in ("first handler", "second handler"):
                with tracer().start_as_current_span(handler):
                    await probe_service.record_ping(uow, uuid.uuid4(), 1)
            with tracer().start_as_current_span("commit"):
                await uow.commit()
        async with engine.connect() as connection:
            rows = (await connection.execute(sa.select(platform.outbox.c.headers).order_by(platform.outbox.c.id))).all()
    finally:
        await engine.dispose()

    published_in = [dict(row.headers)["ce_traceparent"].split("-")[2] for row in rows]
    handlers = {span.name: span for span in spans.get_finished_spans()}
    assert published_in == [f"{handlers[name].context.span_id:016x}" for name in ("first handler", "second handler")]


async def test_with_tracing_off_events_carry_no_traceparent(embedded_platform: EmbeddedPlatform) -> None:
    subject = uuid.uuid4()

    assert (await embedded_platform.ping(subject, 1)).status_code == 201
    await _applied(embedded_platform, subject)

    [headers] = await _outbox_headers(embedded_platform)
    assert "ce_id" in headers
    assert "ce_traceparent" not in headers, "tracing is off, yet the event carries a trace"


def test_tracing_is_off_unless_an_otlp_endpoint_is_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        monkeypatch.delenv(variable, raising=False)

    assert configure_tracing("probe", None) is None


@pytest.fixture
def json_logs(capsys: pytest.CaptureFixture[str]) -> Iterator[pytest.CaptureFixture[str]]:
    """The platform's JSON logging for the test; the logging set-up the other tests see is put back after."""
    saved, root = structlog.get_config(), logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("INFO", json=True)
    yield capsys
    structlog.configure(**saved)
    root.handlers[:], root.level = handlers, level


def test_a_json_log_line_written_inside_a_span_names_its_trace_and_span(json_logs: pytest.CaptureFixture[str]) -> None:
    log = structlog.get_logger("tracing-test")
    provider = TracerProvider()
    with provider.get_tracer("test").start_as_current_span("work") as span:
        log.info("inside")
    log.info("outside")

    inside, outside = (json.loads(line) for line in json_logs.readouterr().out.splitlines()[-2:])
    context = span.get_span_context()
    assert inside["event"] == "inside"
    assert inside["trace_id"] == trace.format_trace_id(context.trace_id)
    assert inside["span_id"] == trace.format_span_id(context.span_id)
    assert outside["event"] == "outside"
    assert "trace_id" not in outside
    assert "span_id" not in outside
