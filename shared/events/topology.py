"""Topics and their partition counts, created explicitly (the broker never auto-creates them)."""

from __future__ import annotations

from shared.events.registry import topics

DEFAULT_PARTITIONS = 3
PARTITIONS: dict[str, int] = {"allocation.cases": 6}


def dead_letter_topic(topic: str) -> str:
    return f"{topic}.dlq"


def topic_partitions(extra_topics: tuple[str, ...] = ()) -> dict[str, int]:
    """Every domain topic and its dead-letter topic, with partition counts."""
    names = sorted(set(topics()) | set(extra_topics))
    layout = {name: PARTITIONS.get(name, DEFAULT_PARTITIONS) for name in names}
    layout.update({dead_letter_topic(name): 1 for name in names})
    return layout
