"""Every event type, by CloudEvents type name, so a consumer can turn bytes back into a fact."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from shared.events.base import Event

_by_type: dict[str, type[Event]] = {}

E = TypeVar("E", bound=type[Event])


def contract(cls: E) -> E:
    """Registers an event class; a second class claiming the same type name is a programming error."""
    name = cls.type_name()
    if name in _by_type and _by_type[name] is not cls:
        raise ValueError(f"event type {name} is registered twice")
    _by_type[name] = cls
    return cls


def event_class(type_name: str) -> type[Event] | None:
    return _by_type.get(type_name)


def all_event_classes() -> Iterator[type[Event]]:
    yield from sorted(_by_type.values(), key=lambda cls: cls.type_name())


def topics() -> dict[str, list[type[Event]]]:
    by_topic: dict[str, list[type[Event]]] = {}
    for cls in all_event_classes():
        by_topic.setdefault(cls.topic, []).append(cls)
    return by_topic
