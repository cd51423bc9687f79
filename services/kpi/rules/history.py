"""A child's allocation history: their social worker episodes across all their cases, in the order they began.

A change of social worker is an episode whose worker differs from the episode before it. The child's first
allocation is not a change; A -> B -> A is two. An episode that follows one of the same worker (a case closed
and reopened with the same worker, or a worker moving pod with the case) is not a change: the child kept
their social worker.
"""

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import pairwise
from typing import Protocol, TypeVar

from services.kpi.rules.facts import Episode
from services.kpi.rules.periods import in_effect_on, overlaps
from services.kpi.rules.shares import ChildContinuity


class _AboutAChild(Protocol):
    @property
    def child_id(self) -> str: ...


Row = TypeVar("Row", bound=_AboutAChild)


def by_child(rows: Iterable[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row.child_id, []).append(row)
    return grouped


def chronological(episode: Episode) -> tuple[date, date, str, str, str, str, str]:
    # Every field takes part, so the order (and which duplicate is kept) never depends on arrival order.
    return (
        episode.start,
        episode.end or date.max,
        episode.worker_id,
        episode.pod_id,
        episode.case_id,
        episode.allocation_id,
        episode.reason or "",
    )


def chronology(episodes: Iterable[Episode]) -> list[Episode]:
    """Episodes in the order they began, without exact duplicates (same worker, same dates) and without
    episodes that end before they start."""
    seen: set[tuple[str, date, date | None]] = set()
    kept: list[Episode] = []
    for episode in sorted(episodes, key=chronological):
        identity = (episode.worker_id, episode.start, episode.end)
        if identity in seen or (episode.end is not None and episode.end < episode.start):
            continue
        seen.add(identity)
        kept.append(episode)
    return kept


def without_overlapped(history: Sequence[Episode]) -> list[Episode]:
    """Drops every episode lying entirely inside another, keeping the one that started first (the
    Children's Commissioner's cleaning). Of two with the same start, the longer one contains the other."""
    outermost_first = sorted(history, key=lambda episode: (episode.start, -_end_ordinal(episode)))
    kept: set[int] = set()
    furthest = 0
    for episode in outermost_first:
        if _end_ordinal(episode) <= furthest:
            continue
        kept.add(id(episode))
        furthest = _end_ordinal(episode)
    return [episode for episode in history if id(episode) in kept]


def _end_ordinal(episode: Episode) -> int:
    return (episode.end or date.max).toordinal()


def worker_changes(
    history: Sequence[Episode],
    window_from: date,
    window_to: date,
) -> list[tuple[Episode, Episode]]:
    """(episode before, episode that changed the worker) for each change starting inside the window."""
    return [
        (before, after)
        for before, after in pairwise(history)
        if after.worker_id != before.worker_id and window_from <= after.start <= window_to
    ]


def continuity_row(
    child_id: str,
    history: Sequence[Episode],
    window_from: date,
    window_to: date,
) -> ChildContinuity:
    inside = (episode for episode in history if overlaps(episode.start, episode.end, window_from, window_to))
    workers = dict.fromkeys(episode.worker_id for episode in inside)
    changes = worker_changes(history, window_from, window_to)
    pod_changes = sum(1 for before, after in changes if after.pod_id != before.pod_id)
    return ChildContinuity(child_id, len(workers), len(changes), pod_changes, tuple(workers))


def current_index(history: Sequence[Episode], day: date) -> int | None:
    """The position of the episode holding the child on day; the latest begun, if data overlaps."""
    begun = bisect_right(history, day, key=lambda episode: episode.start)
    for index in range(begun - 1, -1, -1):
        if in_effect_on(history[index].start, history[index].end, day):
            return index
    return None


def current_episode(history: Sequence[Episode], day: date) -> Episode | None:
    index = current_index(history, day)
    return None if index is None else history[index]


def days_with_current_worker(history: Sequence[Episode], day: date) -> int | None:
    """Days since the current worker's unbroken run of episodes began; None when nobody is allocated."""
    index = current_index(history, day)
    if index is None:
        return None
    while index > 0 and _continues(history[index - 1], history[index]):
        index -= 1
    return (day - history[index].start).days


def _continues(before: Episode, after: Episode) -> bool:
    return before.worker_id == after.worker_id and (before.end is None or before.end >= after.start)


def pod_at_window_end(history: Sequence[Episode], window_from: date, window_to: date) -> str | None:
    """The pod holding the child at the end of the window, else the pod of the last episode inside it."""
    current = current_episode(history, window_to)
    if current is not None:
        return current.pod_id
    inside = [episode for episode in history if overlaps(episode.start, episode.end, window_from, window_to)]
    return inside[-1].pod_id if inside else None
