"""Who holds each case on a day, and what the case weighs.

The holder is the case's episode open at the end of the day, so on a handover day the case counts once,
for the new worker.
"""

from collections.abc import Iterable, Mapping
from datetime import date

from services.kpi.measures.facts import Episode, StatusPeriod
from services.kpi.measures.history import chronological
from services.kpi.measures.periods import in_effect_on


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
    as_at: date, held: Mapping[str, Episode], statuses: Iterable[StatusPeriod], weights: Mapping[str, float]
) -> dict[str, float]:
    # The heaviest, not the sum: a looked-after child on a plan is one child and one piece of work.
    kinds: dict[str, set[str]] = {}
    for status in statuses:
        if status.case_id in held and in_effect_on(status.start, status.end, as_at):
            kinds.setdefault(status.case_id, set()).add(status.kind)
    default = weights.get("default", 1.0)
    return {
        case_id: max((weights[kind] for kind in kinds.get(case_id, ()) if kind in weights), default=default)
        for case_id in held
    }
