"""One trace across processes: the probe's span for a ping request and the tally's span for applying its event,
exported by each process's real OTLP/HTTP exporter to a collector of the test's own."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.conftest import DistributedPlatform
from tests.support.kafka_tools import read_topic
from tests.support.otlp_receiver import ReceivedSpan, otlp_receiver
from tests.support.polling import eventually

pytestmark = pytest.mark.infra


def _spans(spans: list[ReceivedSpan], service: str, kind: str, name: str) -> list[ReceivedSpan]:
    return [span for span in spans if (span.service, span.kind, span.name) == (service, kind, name)]


async def test_a_pings_request_span_and_the_tallys_handler_span_in_another_process_share_one_trace(
    distributed: DistributedPlatform,
) -> None:
    tally_name = distributed.tally.environment["TALLY_SERVICE_NAME"]
    subject = uuid.uuid4()
    with otlp_receiver() as collector:
        for process in (distributed.probe, distributed.tally):
            # Spans are batched for 200 ms instead of 5 s, so the test waits less.
            process.start(CONTINUUM_OTLP_ENDPOINT=collector.url, OTEL_BSP_SCHEDULE_DELAY="200")
        for process in (distributed.probe, distributed.tally):
            await process.wait_ready()

        response = await distributed.ping(subject, 1)
        assert response.status_code == 201
        await eventually(
            distributed.read_tally,
            lambda tally: tally.sequences.get(subject) == [1],
            timeout=60,
            what="the tally to apply the ping",
        )

        def request_span(spans: list[ReceivedSpan]) -> list[ReceivedSpan]:
            return _spans(spans, "probe", "SPAN_KIND_SERVER", "POST /probe/v1/pings")

        def handler_span(spans: list[ReceivedSpan]) -> list[ReceivedSpan]:
            return _spans(spans, tally_name, "SPAN_KIND_CONSUMER", f"process {distributed.topic}")

        spans = await eventually(
            collector.spans,
            lambda spans: bool(request_span(spans) and handler_span(spans)),
            timeout=60,
            interval=0.2,
            what="the probe's request span and the tally's handler span at the collector",
        )

    [request], [handler] = request_span(spans), handler_span(spans)
    [message] = await read_topic(distributed.bootstrap, distributed.topic)
    assert request.parent_span_id == "", "the ping's request span should start the trace"
    assert request.attributes["continuum.request_id"] == response.headers["x-request-id"]
    assert handler.trace_id == request.trace_id, "the tally's span is not in the ping's trace"
    assert handler.parent_span_id == request.span_id, "the tally's span is not the child of the probe's request span"
    assert handler.attributes["messaging.message.id"] == message.header("ce_id")
    assert (message.header("ce_traceparent") or "").split("-")[1:3] == [request.trace_id, request.span_id]
