"""Which handler reacts to which event, declared like routes: `@subscriptions.on(CaseTransferred)`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from shared.events.base import Event
from shared.events.envelope import Envelope

if TYPE_CHECKING:
    from shared.runtime.unit_of_work import UnitOfWork

E = TypeVar("E", bound=Event)


@dataclass(frozen=True, slots=True)
class EventContext:
    envelope: Envelope
    topic: str
    partition: int
    offset: int


Handler = Callable[["UnitOfWork", Any, EventContext], Awaitable[None]]
BatchHook = Callable[["UnitOfWork", list[EventContext]], Awaitable[None]]


class Subscriptions:
    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler]] = {}
        self._topics: set[str] = set()
        self.batch_hooks: list[BatchHook] = []

    def on(self, event_class: type[E]) -> Callable[[Callable[[UnitOfWork, E, EventContext], Awaitable[None]]], Any]:
        def register(handler: Callable[[UnitOfWork, E, EventContext], Awaitable[None]]) -> Any:
            self._handlers.setdefault(event_class.type_name(), []).append(handler)
            self._topics.add(event_class.topic)
            return handler

        return register

    def after_each_batch(self, hook: BatchHook) -> BatchHook:
        """Runs once per batch, in the batch's transaction, with the events that took effect."""
        self.batch_hooks.append(hook)
        return hook

    def handlers_for(self, type_name: str) -> list[Handler]:
        return self._handlers.get(type_name, [])

    @property
    def topics(self) -> list[str]:
        return sorted(self._topics)

    def __bool__(self) -> bool:
        return bool(self._handlers)
