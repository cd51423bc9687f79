"""Caseload weights and capacity: how heavy a case is, and how much a worker can carry.

Counts always sit beside points, because nationally each child is one case, siblings included.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from shared.vocabulary import PodRole

DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"CIN": 1.0, "CP": 1.5, "CLA": 1.5, "court": 2.0, "sibling": 0.5, "default": 1.0}
)

# Points per 1 FTE. A social worker in training has a protected, smaller load; business support holds none.
DEFAULT_CAPACITIES: Mapping[PodRole, float] = MappingProxyType(
    {
        PodRole.SOCIAL_WORKER: 18.0,
        PodRole.SENIOR_SOCIAL_WORKER: 15.0,
        PodRole.SOCIAL_WORKER_IN_TRAINING: 8.0,
        PodRole.POD_MANAGER: 3.0,
        PodRole.BUSINESS_SUPPORT: 0.0,
    }
)


@dataclass(frozen=True, slots=True)
class CaseloadPolicy:
    weights: Mapping[str, float] = field(default_factory=lambda: DEFAULT_WEIGHTS)
    capacities: Mapping[PodRole, float] = field(default_factory=lambda: DEFAULT_CAPACITIES)


def case_points(status_kinds: Collection[str], in_court: bool, policy: CaseloadPolicy) -> float:
    """The heaviest weight that applies to the case on its own: one per open status kind, plus "court" when in
    proceedings; "default" when none applies (no open status, or a kind the policy does not weigh). Siblings
    held by the same worker are weighed afterwards, as a group (`sibling_group_points`).

    The heaviest, not the sum: a looked-after child on a child protection plan is one child and one
    piece of work, and summing would count the same visits twice.
    """
    applicable = [policy.weights[kind] for kind in status_kinds if kind in policy.weights]
    if in_court and "court" in policy.weights:
        applicable.append(policy.weights["court"])
    return max(applicable, default=policy.weights.get("default", 1.0))


@dataclass(frozen=True, slots=True)
class Weighed:
    """A held case with its own points, before its siblings are taken into account."""

    case_id: str
    worker_id: str
    family_id: str
    points: float


def sibling_group_points(cases: Iterable[Weighed], policy: CaseloadPolicy) -> dict[str, float]:
    """Each case's points once siblings held by one worker are weighed as a group: the heaviest child's case
    counts in full, each further sibling's counts the "sibling" weight when that is lighter. Brothers and sisters
    share visits, meetings and one family story, so the second child is less work than the first, though still a
    case of their own (counts never change). Without a "sibling" weight every case counts in full."""
    held = list(cases)
    points = {case.case_id: case.points for case in held}
    sibling = policy.weights.get("sibling")
    if sibling is None:
        return points
    groups: dict[tuple[str, str], list[Weighed]] = {}
    for case in held:
        groups.setdefault((case.worker_id, case.family_id), []).append(case)
    for group in groups.values():
        for case in sorted(group, key=lambda c: (-c.points, c.case_id))[1:]:
            points[case.case_id] = min(case.points, sibling)
    return points


def capacity(role: PodRole, fte: float, policy: CaseloadPolicy) -> float:
    return policy.capacities.get(role, 0.0) * fte


@dataclass(frozen=True, slots=True)
class WorkerLoad:
    worker_id: str
    cases: int
    points: float
    capacity: float

    @property
    def used(self) -> float | None:
        """Points as a share of capacity; None when the worker has no capacity at all."""
        return self.points / self.capacity if self.capacity > 0 else None

    @property
    def headroom(self) -> float:
        return self.capacity - self.points


@dataclass(frozen=True, slots=True)
class WorkerCapacity:
    worker_id: str
    pod_id: str
    capacity: float


@dataclass(frozen=True, slots=True)
class CaseLoad:
    """One allocated case as a caseload sees it. known_worker_ids: workers who have held this child before."""

    case_id: str
    child_id: str
    worker_id: str
    pod_id: str
    points: float
    known_worker_ids: frozenset[str] = frozenset()
    family_id: str | None = None


def worker_loads(workers: Iterable[WorkerCapacity], cases: Iterable[CaseLoad]) -> tuple[WorkerLoad, ...]:
    """The load of each worker from the cases they hold, ordered by worker id."""
    counts: dict[str, int] = {}
    points: dict[str, float] = {}
    for case in cases:
        counts[case.worker_id] = counts.get(case.worker_id, 0) + 1
        points[case.worker_id] = points.get(case.worker_id, 0.0) + case.points
    # Rounded so that sums of decimals read as people expect (4.5, not 4.499999999).
    return tuple(
        WorkerLoad(w.worker_id, counts.get(w.worker_id, 0), round(points.get(w.worker_id, 0.0), 4), w.capacity)
        for w in sorted(workers, key=lambda w: w.worker_id)
    )


def points_phrase(points: float) -> str:
    return f"{points:g} point" if points == 1 else f"{points:g} points"
