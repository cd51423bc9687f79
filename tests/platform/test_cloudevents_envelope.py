"""The CloudEvents envelope in Kafka binary mode: what the relay writes, a consumer reads back unchanged."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from shared.events.envelope import Envelope, MalformedEvent, envelope_for
from tests.support.probe_service import ProbePinged


def _ping() -> ProbePinged:
    return ProbePinged(ping_id=uuid.uuid4(), subject_id=uuid.uuid4(), sequence=3)


def _headers(**overrides: bytes | None) -> list[tuple[str, bytes]]:
    headers = {
        "ce_specversion": b"1.0",
        "ce_id": b"5b0e6c55-3b8f-4a3e-9a53-0d5c7f5a8a11",
        "ce_type": ProbePinged.type_name().encode(),
        "ce_source": b"/continuum/probe",
        "ce_time": b"2026-01-05T09:30:00.123456Z",
        "content-type": b"application/json",
    }
    headers.update(overrides)  # type: ignore[arg-type]
    return [(name, value) for name, value in headers.items() if value is not None]


def test_an_envelope_round_trips_through_kafka_headers_unchanged() -> None:
    envelope = envelope_for(_ping(), source="/continuum/probe", correlation_id="request-42")

    read_back = Envelope.from_headers(envelope.to_headers(), envelope.data)

    assert read_back == envelope


def test_extension_attributes_survive_the_round_trip() -> None:
    envelope = Envelope(
        id=str(uuid.uuid4()),
        type=ProbePinged.type_name(),
        source="/continuum/probe",
        time=datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
        subject="subject/1",
        data=b"{}",
        extra={"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
    )

    assert Envelope.from_headers(envelope.to_headers(), envelope.data).extra == envelope.extra


def test_the_envelope_carries_the_event_id_type_subject_and_correlation_id_as_ce_headers() -> None:
    ping = _ping()
    envelope = envelope_for(ping, source="/continuum/probe", correlation_id="request-42")

    headers = dict(envelope.to_headers())

    assert headers["ce_id"] == envelope.id.encode()
    assert headers["ce_type"] == b"continuum.probe.ProbePinged.v1"
    assert headers["ce_subject"] == f"subject/{ping.subject_id}".encode()
    assert headers["ce_correlationid"] == b"request-42"
    assert headers["content-type"] == b"application/json"


def test_a_decoded_envelope_gives_back_the_staged_fact() -> None:
    ping = _ping()
    envelope = envelope_for(ping, source="/continuum/probe", correlation_id=None)

    assert Envelope.from_headers(envelope.to_headers(), envelope.data).decode() == ping


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(None, id="no-headers-at-all"),
        pytest.param(_headers(ce_id=None), id="no-ce_id"),
        pytest.param(_headers(ce_type=None), id="no-ce_type"),
        pytest.param(_headers(ce_source=None), id="no-ce_source"),
        pytest.param(_headers(ce_time=None), id="no-ce_time"),
        pytest.param(_headers(ce_specversion=None), id="no-ce_specversion"),
        pytest.param(_headers(ce_specversion=b"0.3"), id="unsupported-specversion"),
        pytest.param(_headers(ce_time=b"yesterday"), id="time-not-iso-8601"),
        pytest.param(_headers(ce_time=b"\xff\xfe"), id="header-not-utf-8"),
    ],
)
def test_a_message_with_broken_cloudevents_headers_is_a_malformed_event(
    headers: list[tuple[str, bytes]] | None,
) -> None:
    with pytest.raises(MalformedEvent):
        Envelope.from_headers(headers, b"{}")


def test_an_unknown_event_type_is_a_malformed_event() -> None:
    envelope = Envelope.from_headers(_headers(ce_type=b"continuum.nobody.Unheard.v1"), b"{}")

    with pytest.raises(MalformedEvent, match="unknown event type"):
        envelope.decode()


@pytest.mark.parametrize(
    "payload",
    [b"", b"not json", b"{}", b'{"ping_id": "x", "subject_id": "y", "sequence": "third"}'],
    ids=["empty", "not-json", "missing-fields", "wrong-types"],
)
def test_a_payload_that_breaks_its_contract_is_a_malformed_event(payload: bytes) -> None:
    envelope = Envelope.from_headers(_headers(), payload)

    with pytest.raises(MalformedEvent, match="does not match its contract"):
        envelope.decode()
