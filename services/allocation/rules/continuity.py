"""The continuity cost of a proposed allocation or transfer, shown before it is made.

The history is the child's allocation history across all their cases, without cover: cover is not a
change of worker. A worker counts once per child (A -> B -> A is 2 workers) but every return is a change
(A -> B -> A is 2 changes); the child's first allocation is not a change.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class AllocationSpan:
    """worker_id is None while the case awaits allocation to a worker inside the pod."""

    worker_id: str | None
    pod_id: str
    start: date
    end: date | None = None


@dataclass(frozen=True, slots=True)
class ContinuityCost:
    distinct_workers_in_window: int
    changes_in_window: int
    changes_worker: bool
    changes_pod: bool
    pod_changes_in_window: int
    nth_worker: str
    needs_approval: bool
    summary: str


def continuity_cost(
    history: Sequence[AllocationSpan],
    to_worker_id: str,
    to_pod_id: str,
    effective: date,
    window_days: int = 365,
    approval_threshold: int = 3,
    child_name: str | None = None,
) -> ContinuityCost:
    """The window is the window_days days ending on the effective date, both ends included."""
    window_start = effective - timedelta(days=window_days - 1)
    spans = sorted(
        (span for span in history if span.start <= effective),
        key=lambda span: (span.start, span.end or date.max, span.worker_id or "", span.pod_id),
    )
    worker_spans = [span for span in spans if span.worker_id is not None]
    previous_worker = worker_spans[-1].worker_id if worker_spans else None
    previous_pod = spans[-1].pod_id if spans else None
    changes_worker = previous_worker is not None and previous_worker != to_worker_id
    changes_pod = previous_pod is not None and previous_pod != to_pod_id

    in_window = [span for span in worker_spans if span.end is None or span.end >= window_start]
    distinct = len({span.worker_id for span in in_window} | {to_worker_id})
    changes = _changes_starting_in_window(
        [span.worker_id for span in worker_spans], [span.start for span in worker_spans], window_start
    ) + int(changes_worker)
    pod_changes = _changes_starting_in_window(
        [span.pod_id for span in spans], [span.start for span in spans], window_start
    ) + int(changes_pod)

    cost = ContinuityCost(
        distinct_workers_in_window=distinct,
        changes_in_window=changes,
        changes_worker=changes_worker,
        changes_pod=changes_pod,
        pod_changes_in_window=pod_changes,
        nth_worker=ordinal(distinct),
        needs_approval=changes_worker and distinct >= approval_threshold,
        summary="",
    )
    returning = changes_worker and any(span.worker_id == to_worker_id for span in worker_spans)
    first = previous_worker is None
    return replace(cost, summary=_summary(cost, child_name or "the child", first, returning, window_days))


def _changes_starting_in_window(holders: Sequence[str | None], starts: Sequence[date], window_start: date) -> int:
    return sum(
        1
        for earlier, later, start in zip(holders, holders[1:], starts[1:], strict=False)
        if earlier != later and start >= window_start
    )


def _summary(cost: ContinuityCost, child: str, first: bool, returning: bool, window_days: int) -> str:
    period = "12 months" if window_days == 365 else f"{window_days} days"
    pod_clause = f"their {ordinal_word(cost.pod_changes_in_window)} change of pod"
    if first:
        opening = f"this would be {child}'s first social worker"
        return f"{opening}, and {pod_clause} in {period}" if cost.changes_pod else opening
    if not cost.changes_worker:
        opening = f"no change of social worker for {child}"
        return f"{opening}, but {pod_clause} in {period}" if cost.changes_pod else opening
    opening = f"this would be {child}'s {cost.nth_worker} social worker in {period}"
    if returning:
        opening += ", one they have had before"
    return f"{opening}, and {pod_clause}" if cost.changes_pod else f"{opening}, within the same pod"


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def ordinal_word(number: int) -> str:
    return _WORDS[number - 1] if 1 <= number <= len(_WORDS) else ordinal(number)
