"""Event contracts shared by every service: the only thing services have in common besides the runtime."""

from shared.events import allocation, feedback, records, supervision
from shared.events.base import Event
from shared.events.registry import all_event_classes, contract, event_class, topics

__all__ = [
    "Event",
    "all_event_classes",
    "allocation",
    "contract",
    "event_class",
    "feedback",
    "records",
    "supervision",
    "topics",
]
