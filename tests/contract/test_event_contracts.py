"""Event contracts: a model that drifts from its committed JSON Schema fails here until it is a deliberate change."""

import json

import pytest

from shared.events.base import Event
from shared.events.catalogue import (
    ASYNCAPI,
    CATALOGUE,
    SNAPSHOTS,
    asyncapi_document,
    catalogue_markdown,
    published_events,
    render,
)

EVENTS = published_events()


@pytest.mark.parametrize("event_class", EVENTS, ids=lambda cls: cls.__name__)
def test_event_schema_matches_its_committed_snapshot(event_class: type[Event]) -> None:
    snapshot = SNAPSHOTS / f"{event_class.type_name()}.json"
    assert snapshot.exists(), f"no snapshot for {event_class.type_name()}: run python -m shared.events.catalogue"
    assert json.loads(snapshot.read_text()) == event_class.model_json_schema(), (
        f"{event_class.__name__} changed shape. Adding an optional field: regenerate the snapshots. "
        "Changing meaning: publish a new version instead."
    )


def test_every_snapshot_belongs_to_a_registered_event() -> None:
    registered = {cls.type_name() for cls in EVENTS}
    orphans = {path.stem for path in SNAPSHOTS.glob("*.json")} - registered
    assert not orphans, f"snapshots without an event class (a removed contract?): {sorted(orphans)}"


def test_the_committed_asyncapi_document_is_generated_from_the_models() -> None:
    assert ASYNCAPI.read_text() == render(asyncapi_document()), "docs/asyncapi.json is stale"
    assert CATALOGUE.read_text() == catalogue_markdown(), "docs/events.md is stale"


def test_every_event_is_keyed_by_a_field_it_has() -> None:
    for cls in EVENTS:
        assert cls.key_field in cls.model_fields, f"{cls.__name__} is keyed by a field it lacks"


def test_every_event_has_a_version_in_its_type_name() -> None:
    for cls in EVENTS:
        assert cls.type_name().endswith(f".v{cls.version}")
