"""Scaling by voice: each child's 0-10 scores per voice over time, how far apart the voices are, and drops.

Signs of Safety asks everyone involved the same scaling question; what matters is the movement of each voice
and the distance between them (a worker at 7 and a parent at 2 see the child's safety very differently).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby, pairwise

SCORE_RANGE = range(0, 11)


@dataclass(frozen=True, slots=True)
class ScorePoint:
    question: str
    voice: str
    score: int
    scored_on: date
    discussion_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class Change:
    """A voice's score against its previous one on the same question."""

    question: str
    voice: str
    previous: int
    score: int
    previous_on: date
    scored_on: date

    @property
    def points(self) -> int:
        """Negative for a fall."""
        return self.score - self.previous

    def is_drop(self, drop_points: int) -> bool:
        return self.previous - self.score >= drop_points


@dataclass(frozen=True, slots=True)
class Spread:
    """On one day, for one question: the lowest and highest voices, and the distance between them."""

    question: str
    scored_on: date
    lowest: int
    highest: int
    voices: int

    @property
    def points(self) -> int:
        return self.highest - self.lowest


def _in_order(points: Iterable[ScorePoint]) -> list[ScorePoint]:
    return sorted(points, key=lambda p: (p.question, p.voice, p.scored_on, str(p.discussion_id)))


def trajectories(points: Iterable[ScorePoint]) -> dict[tuple[str, str], list[ScorePoint]]:
    """Each (question, voice)'s scores, oldest first."""
    return {key: list(group) for key, group in groupby(_in_order(points), key=lambda p: (p.question, p.voice))}


def changes(points: Iterable[ScorePoint]) -> list[Change]:
    """Every score that follows an earlier score of the same voice on the same question, oldest first."""
    found = []
    for (question, voice), series in trajectories(points).items():
        for before, after in pairwise(series):
            found.append(Change(question, voice, before.score, after.score, before.scored_on, after.scored_on))
    return sorted(found, key=lambda c: (c.scored_on, c.question, c.voice))


def drops(points: Iterable[ScorePoint], drop_points: int) -> list[Change]:
    return [change for change in changes(points) if change.is_drop(drop_points)]


def latest_changes(points: Sequence[ScorePoint]) -> list[Change]:
    """Per (question, voice), the most recent score against the one before it (voices scored once have none)."""
    latest: dict[tuple[str, str], Change] = {}
    for change in changes(points):
        latest[(change.question, change.voice)] = change
    return list(latest.values())


def spreads(points: Iterable[ScorePoint]) -> list[Spread]:
    """Per question and day, how far apart the voices were; days with a single voice have no spread."""
    by_day = sorted(points, key=lambda p: (p.question, p.scored_on))
    found = []
    for (question, day), group in groupby(by_day, key=lambda p: (p.question, p.scored_on)):
        scores = [p.score for p in group]
        if len(scores) > 1:
            found.append(Spread(question, day, min(scores), max(scores), len(scores)))
    return sorted(found, key=lambda s: (s.scored_on, s.question))
