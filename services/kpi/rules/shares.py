"""The shapes every measure reports in: a share of a cohort, the children behind it, what looked wrong."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Share:
    numerator: int
    denominator: int
    ratio: float
    percent: int


def share(numerator: int, denominator: int) -> Share:
    """The exact ratio (0 for an empty cohort) and the whole percentage published beside it."""
    if denominator == 0:
        return Share(numerator, 0, 0.0, 0)
    return Share(numerator, denominator, numerator / denominator, percent_half_up(numerator, denominator))


def percent_half_up(numerator: int, denominator: int) -> int:
    # Integer arithmetic: float rounding would turn 12.5% into 12 and the published figure is 13.
    return (200 * numerator + denominator) // (2 * denominator) if denominator else 0


@dataclass(frozen=True, slots=True)
class ChildContinuity:
    """One child behind a continuity figure, over the figure's window.

    workers are the distinct workers in the order the child first had them, so A -> B -> A is (A, B);
    changes count every change of worker, so A -> B -> A is 2.
    """

    child_id: str
    worker_count: int
    changes: int
    pod_changes: int
    workers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DataQualityWarning:
    """code: "episode_under_24_hours" (counted) or "episode_ends_before_it_starts" (left out)."""

    code: str
    child_id: str
    allocation_id: str
    detail: str
