"""CloudEvents 1.0 in Kafka binary mode: attributes travel as `ce_*` headers, the event's JSON is the value."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from shared.events.base import Event
from shared.events.registry import event_class

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
Headers = list[tuple[str, bytes]]
_ATTRIBUTES = {"ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time", "ce_subject", "ce_correlationid"}


class MalformedEvent(ValueError):
    """The message cannot be read as a CloudEvent of a known type: a poison message."""


@dataclass(frozen=True, slots=True)
class Envelope:
    id: str
    type: str
    source: str
    time: datetime
    subject: str
    data: bytes
    correlation_id: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def to_headers(self) -> Headers:
        headers = [
            ("ce_specversion", SPEC_VERSION.encode()),
            ("ce_id", self.id.encode()),
            ("ce_type", self.type.encode()),
            ("ce_source", self.source.encode()),
            ("ce_time", self.time.isoformat().replace("+00:00", "Z").encode()),
            ("ce_subject", self.subject.encode()),
            ("content-type", CONTENT_TYPE.encode()),
        ]
        if self.correlation_id:
            headers.append(("ce_correlationid", self.correlation_id.encode()))
        headers.extend((f"ce_{name}", value.encode()) for name, value in self.extra.items())
        return headers

    @classmethod
    def from_headers(cls, headers: Headers | None, value: bytes | None) -> Envelope:
        attributes = {name: raw.decode("utf-8", "replace") for name, raw in headers or []}
        try:
            if attributes["ce_specversion"] != SPEC_VERSION:
                raise MalformedEvent(f"unsupported CloudEvents specversion {attributes['ce_specversion']!r}")
            return cls(
                id=attributes["ce_id"],
                type=attributes["ce_type"],
                source=attributes["ce_source"],
                time=datetime.fromisoformat(attributes["ce_time"].replace("Z", "+00:00")),
                subject=attributes.get("ce_subject", ""),
                data=value or b"",
                correlation_id=attributes.get("ce_correlationid"),
                extra={
                    name.removeprefix("ce_"): value
                    for name, value in attributes.items()
                    if name.startswith("ce_") and name not in _ATTRIBUTES
                },
            )
        except KeyError as missing:
            raise MalformedEvent(f"missing CloudEvents header {missing}") from None
        except ValueError as bad:
            raise MalformedEvent(str(bad)) from None

    def decode(self) -> Event:
        cls = event_class(self.type)
        if cls is None:
            raise MalformedEvent(f"unknown event type {self.type}")
        try:
            return cls.model_validate_json(self.data)
        except ValueError as invalid:
            raise MalformedEvent(f"{self.type} does not match its contract: {invalid}") from None


def envelope_for(event: Event, *, source: str, correlation_id: str | None) -> Envelope:
    return Envelope(
        id=str(uuid.uuid4()),
        type=event.type_name(),
        source=source,
        time=datetime.now(UTC),
        subject=event.subject,
        data=event.model_dump_json().encode(),
        correlation_id=correlation_id,
    )
