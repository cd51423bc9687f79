"""Colleagues who may receive cases while a rebalancing or reallocation plan is drawn up.

Shared by recalibration and reallocation so that "who has headroom" and "who knows the family" mean the
same thing in both; they differ only in how they rank receivers.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from services.allocation.rules.caseload import CaseLoad, WorkerCapacity
from shared.vocabulary import TransferReason

# Points are sums of decimals such as 1.5; compare them with a tolerance, not exactly.
TOLERANCE = 1e-9

# Given (knows the family, same pod), a sort key: smaller is preferred.
Ranking = Callable[[bool, bool], tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Move:
    case_id: str
    child_id: str
    from_worker_id: str
    to_worker_id: str
    from_pod_id: str
    to_pod_id: str
    points: float
    knows_family: bool
    crosses_pod: bool
    reason: TransferReason
    family_id: str | None = None


def sibling_groups(cases: Iterable[CaseLoad]) -> list[list[CaseLoad]]:
    """Cases grouped by family (a case without a family is a group of one), ordered by first case id."""
    groups: dict[str, list[CaseLoad]] = {}
    for case in sorted(cases, key=lambda c: c.case_id):
        groups.setdefault(case.family_id or f"case:{case.case_id}", []).append(case)
    return sorted(groups.values(), key=lambda group: group[0].case_id)


class Receivers:
    def __init__(
        self, workers: Iterable[WorkerCapacity], points: Mapping[str, float], cases: Iterable[CaseLoad]
    ) -> None:
        self._workers = sorted(workers, key=lambda w: w.worker_id)
        self._points = {w.worker_id: points.get(w.worker_id, 0.0) for w in self._workers}
        self._family_holders: dict[str, set[str]] = {}
        for case in cases:
            if case.family_id:
                self._family_holders.setdefault(case.family_id, set()).add(case.worker_id)
        self._moves: list[Move] = []

    def points_of(self, worker_id: str) -> float:
        return self._points.get(worker_id, 0.0)

    def knows_family(self, worker_id: str, group: Sequence[CaseLoad]) -> bool:
        return any(
            worker_id in case.known_worker_ids or worker_id in self._family_holders.get(case.family_id or "", set())
            for case in group
        )

    def choose(
        self, group: Sequence[CaseLoad], from_worker_id: str, home_pod_id: str, ranking: Ranking
    ) -> WorkerCapacity | None:
        """The preferred colleague who can take the whole group without going over capacity."""
        needed = sum(case.points for case in group)
        able = [
            w
            for w in self._workers
            if w.worker_id != from_worker_id
            and w.capacity > 0
            and w.capacity - self._points[w.worker_id] - needed >= -TOLERANCE
        ]
        return min(
            able,
            key=lambda w: (
                ranking(self.knows_family(w.worker_id, group), w.pod_id == home_pod_id),
                -(w.capacity - self._points[w.worker_id]),
                w.worker_id,
            ),
            default=None,
        )

    def move(self, group: Sequence[CaseLoad], receiver: WorkerCapacity, reason: TransferReason) -> list[Move]:
        knows_family = self.knows_family(receiver.worker_id, group)
        moves = [
            Move(
                case_id=case.case_id,
                child_id=case.child_id,
                from_worker_id=case.worker_id,
                to_worker_id=receiver.worker_id,
                from_pod_id=case.pod_id,
                to_pod_id=receiver.pod_id,
                points=case.points,
                knows_family=knows_family,
                crosses_pod=case.pod_id != receiver.pod_id,
                reason=reason,
                family_id=case.family_id,
            )
            for case in group
        ]
        for case in group:
            self._points[case.worker_id] = self._points.get(case.worker_id, 0.0) - case.points
            self._points[receiver.worker_id] += case.points
            if case.family_id:
                self._family_holders.setdefault(case.family_id, set()).add(receiver.worker_id)
        self._moves.extend(moves)
        return moves

    def cases_after(self, cases: Sequence[CaseLoad]) -> list[CaseLoad]:
        moved = {move.case_id: move for move in self._moves}
        return [
            replace(case, worker_id=moved[case.case_id].to_worker_id, pod_id=moved[case.case_id].to_pod_id)
            if case.case_id in moved
            else case
            for case in cases
        ]

    def trade_offs(self, cases: Sequence[CaseLoad]) -> tuple[str, ...]:
        notes = [
            f"case {m.case_id} would move from pod {m.from_pod_id} to pod {m.to_pod_id}"
            for m in self._moves
            if m.crosses_pod
        ]
        before: dict[str, set[str]] = {}
        after: dict[str, set[str]] = {}
        for old, new in zip(cases, self.cases_after(cases), strict=True):
            if old.family_id:
                before.setdefault(old.family_id, set()).add(old.worker_id)
                after.setdefault(old.family_id, set()).add(new.worker_id)
        for family_id in sorted(after):
            if len(after[family_id]) > len(before[family_id]):
                holders = ", ".join(sorted(after[family_id]))
                notes.append(f"siblings in family {family_id} would be split between workers {holders}")
        return tuple(notes)
