"""Scaling by voice: trajectories, changes, drops and the spread between voices, property-tested."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from services.supervision.rules.scaling import ScorePoint, changes, drops, latest_changes, spreads, trajectories

VOICES = ("worker", "pod", "parent", "child", "other_professional")
START = date(2023, 1, 3)


def _point(voice: str, score: int, week: int, question: str = "safety") -> ScorePoint:
    return ScorePoint(question, voice, score, START + timedelta(weeks=week), uuid.uuid5(uuid.NAMESPACE_OID, str(week)))


series = st.lists(st.integers(0, 10), min_size=1, max_size=12)


@given(st.dictionaries(st.sampled_from(VOICES), series, min_size=1))
def test_each_drop_is_a_fall_of_at_least_the_threshold_between_consecutive_scores(
    by_voice: dict[str, list[int]],
) -> None:
    points = [_point(voice, score, week) for voice, scores in by_voice.items() for week, score in enumerate(scores)]

    found = drops(points, 2)

    expected = sorted(
        (voice, week)
        for voice, scores in by_voice.items()
        for week, (before, after) in enumerate(pairwise(scores), start=1)
        if before - after >= 2
    )
    assert sorted((d.voice, (d.scored_on - START).days // 7) for d in found) == expected
    assert all(d.previous - d.score >= 2 and d.points <= -2 for d in found)


@given(st.dictionaries(st.sampled_from(VOICES), series, min_size=1))
def test_a_trajectory_keeps_every_score_in_date_order(by_voice: dict[str, list[int]]) -> None:
    points = [_point(voice, score, week) for voice, scores in by_voice.items() for week, score in enumerate(scores)]

    found = trajectories(reversed(points))

    assert {voice: [p.score for p in found[("safety", voice)]] for _, voice in found} == by_voice
    assert len(changes(points)) == sum(len(scores) - 1 for scores in by_voice.values())


@given(st.dictionaries(st.sampled_from(VOICES), st.integers(0, 10), min_size=1))
def test_the_spread_is_the_distance_between_the_lowest_and_highest_voice(scores: dict[str, int]) -> None:
    points = [_point(voice, score, 0) for voice, score in scores.items()]

    found = spreads(points)

    if len(scores) == 1:
        assert found == []
    else:
        [spread] = found
        assert (spread.points, spread.voices) == (max(scores.values()) - min(scores.values()), len(scores))


def test_latest_changes_compare_each_voices_last_two_scores_per_question() -> None:
    points = [
        _point("parent", 6, 0),
        _point("parent", 5, 1),
        _point("parent", 2, 2),
        _point("worker", 4, 2),
        _point("worker", 8, 0, question="safe_and_stable_care"),
        _point("worker", 9, 2, question="safe_and_stable_care"),
    ]

    found = {(c.question, c.voice): (c.previous, c.score) for c in latest_changes(points)}

    assert found == {("safety", "parent"): (5, 2), ("safe_and_stable_care", "worker"): (8, 9)}
