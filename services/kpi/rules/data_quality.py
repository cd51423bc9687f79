"""What looked wrong in the episodes behind a figure, reported beside it rather than silently fixed."""

from collections.abc import Iterable
from datetime import date

from services.kpi.rules.facts import Episode
from services.kpi.rules.periods import overlaps
from services.kpi.rules.shares import DataQualityWarning


def quality_warnings(
    episodes: Iterable[Episode],
    window_from: date,
    window_to: date,
) -> list[DataQualityWarning]:
    warnings: set[DataQualityWarning] = set()
    for episode in episodes:
        if episode.end is not None and episode.end < episode.start:
            if overlaps(episode.end, episode.start, window_from, window_to):
                detail = f"ends {episode.end} before it starts {episode.start}; left out"
                warnings.add(_warning("episode_ends_before_it_starts", episode, detail))
        elif episode.end == episode.start and overlaps(episode.start, episode.end, window_from, window_to):
            detail = f"starts and ends on {episode.start}; counted"
            warnings.add(_warning("episode_under_24_hours", episode, detail))
    return sorted(warnings, key=lambda warning: (warning.child_id, warning.allocation_id, warning.code))


def _warning(code: str, episode: Episode, detail: str) -> DataQualityWarning:
    return DataQualityWarning(code, episode.child_id, episode.allocation_id, detail)
