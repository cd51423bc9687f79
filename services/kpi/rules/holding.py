"""Who holds each case on a day, and what the case weighs.

The holder is the case's episode open at the end of the day, so on a handover day the case counts once,
for the new worker.
"""

from collections.abc import Iterable, Mapping
from datetime import date

from services.kpi.rules.facts import CourtPeriod, Episode, StatusPeriod
from services.kpi.rules.history import chronological
from services.kpi.rules.periods import in_effect_on


def held_cases(as_at: date, episodes: Iterable[Episode]) -> dict[str, Episode]:
    """Each case's episode open at the end of as_at; the latest begun if the data overlaps."""
    held: dict[str, Episode] = {}
    for episode in episodes:
        if in_effect_on(episode.start, episode.end, as_at):
            holder = held.get(episode.case_id)
            if holder is None or chronological(episode) > chronological(holder):
                held[episode.case_id] = episode
    return held


def case_points(
    as_at: date,
    held: Mapping[str, Episode],
    statuses: Iterable[StatusPeriod],
    weights: Mapping[str, float],
    court: Iterable[CourtPeriod] = (),
    families: Mapping[str, str] | None = None,
) -> dict[str, float]:
    """The heaviest weight among the case's statuses open at as_at, and "court" while in proceedings, else
    "default"; then, among siblings held by one worker (families: child -> family, a child missing from it is a
    family of their own), the heaviest case counts in full and each further one at most weights["sibling"]."""
    # The heaviest, not the sum: a looked-after child on a plan is one child and one piece of work.
    kinds: dict[str, set[str]] = {}
    for status in statuses:
        if status.case_id in held and in_effect_on(status.start, status.end, as_at):
            kinds.setdefault(status.case_id, set()).add(status.kind)
    for proceedings in court:
        if proceedings.case_id in held and in_effect_on(proceedings.start, proceedings.end, as_at):
            kinds.setdefault(proceedings.case_id, set()).add("court")
    default = weights.get("default", 1.0)
    points = {
        case_id: max((weights[kind] for kind in kinds.get(case_id, ()) if kind in weights), default=default)
        for case_id in held
    }
    sibling = weights.get("sibling")
    if sibling is None:
        return points
    family_of = families or {}
    groups: dict[tuple[str, str], list[str]] = {}
    for case_id, episode in held.items():
        family = family_of.get(episode.child_id, episode.child_id)
        groups.setdefault((episode.worker_id, family), []).append(case_id)
    for group in groups.values():
        for case_id in sorted(group, key=lambda c: (-points[c], c))[1:]:
            points[case_id] = min(points[case_id], sibling)
    return points
