"""The transactional outbox: events become rows in the business transaction and leave only through the relay."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from shared.events.base import Event
from shared.events.envelope import envelope_for
from shared.observability import correlation_id


def source_of(producer: str) -> str:
    """The CloudEvents `source` of a service's events."""
    return f"/continuum/{producer}"


def outbox_rows(staged: Sequence[tuple[Event, Mapping[str, str]]], producer: str) -> list[dict[str, Any]]:
    """One outbox row per event, in order, each wrapped in its CloudEvents envelope. Each event comes with the W3C
    trace context of the span that published it (`traceparent`, `tracestate`; empty when not traced), which travels
    as CloudEvents extensions (`ce_traceparent`) so the consumer's span joins the producer's trace."""
    now = datetime.now(UTC)
    source, correlation = source_of(producer), correlation_id()
    rows = []
    for event, trace in staged:
        envelope = envelope_for(event, source=source, correlation_id=correlation)
        if trace:
            envelope = dataclasses.replace(envelope, extra=dict(trace))
        rows.append(
            {
                "event_id": envelope.id,
                "topic": event.topic,
                "key": event.key,
                "event_type": envelope.type,
                "headers": [[name, value.decode()] for name, value in envelope.to_headers()],
                "payload": envelope.data,
                "created_at": now,
            }
        )
    return rows
