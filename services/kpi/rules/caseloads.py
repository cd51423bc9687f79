"""Caseloads as at any date (kpi.md 2): counts beside weighted points and capacity.

Each child is one case, siblings included.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from services.kpi.rules.facts import CourtPeriod, Employment, Episode, Membership, StatusPeriod, Worker
from services.kpi.rules.holding import case_points, held_cases
from services.kpi.rules.periods import in_effect_on

# Re-exported: the DfE workforce average is the national comparison for these caseloads.
from services.kpi.rules.workforce import DfeAverageCaseload as DfeAverageCaseload
from services.kpi.rules.workforce import dfe_average_caseload as dfe_average_caseload


@dataclass(frozen=True, slots=True)
class WorkerCaseload:
    """employment is None for a worker the read model does not know; capacity_used is None without
    capacity (no membership at as_at, or a role that carries none)."""

    worker_id: str
    employment: Employment | None
    pod_ids: tuple[str, ...]
    fte: float
    cases: int
    points: float
    capacity: float
    capacity_used: float | None


@dataclass(frozen=True, slots=True)
class CaseloadTotals:
    """Cases and points by the pod the case is allocated to; FTE and capacity by the pod's memberships."""

    cases: int
    points: float
    fte: float
    capacity: float
    capacity_used: float | None


@dataclass(frozen=True, slots=True)
class Caseloads:
    as_at: date
    workers: tuple[WorkerCaseload, ...]
    pods: Mapping[str, CaseloadTotals]
    service: CaseloadTotals
    cohort: str = "caseloads"


def caseloads(
    as_at: date,
    episodes: Iterable[Episode],
    memberships: Iterable[Membership],
    workers: Iterable[Worker],
    statuses: Iterable[StatusPeriod],
    weights: Mapping[str, float],
    capacities: Mapping[str, float],
    court: Iterable[CourtPeriod] = (),
    families: Mapping[str, str] | None = None,
) -> Caseloads:
    """Points of a case: the heaviest weight of its statuses open at as_at and of "court" while in proceedings
    (kinds without a weight are ignored), else weights["default"] (1.0 if absent); a worker's further siblings
    count at most weights["sibling"]. Capacity: capacities[role] * FTE summed over the worker's memberships at
    as_at (0 for a role without one)."""
    held = held_cases(as_at, episodes)
    points = case_points(as_at, held, statuses, weights, court, families)
    employment = {worker.worker_id: worker.employment for worker in workers}
    by_worker: defaultdict[str, _Tally] = defaultdict(_Tally)
    by_pod: defaultdict[str, _Tally] = defaultdict(_Tally)
    service = _Tally()
    pods_of: defaultdict[str, set[str]] = defaultdict(set)
    # A fixed order, so float totals are the same to the last digit whatever order the rows come in.
    for member in sorted(memberships, key=_membership_order):
        if in_effect_on(member.start, member.end, as_at):
            pods_of[member.worker_id].add(member.pod_id)
            for tally in (by_worker[member.worker_id], by_pod[member.pod_id], service):
                tally.add_membership(member.fte, capacities.get(member.role, 0.0) * member.fte)
    for case_id in sorted(held):
        episode = held[case_id]
        for tally in (by_worker[episode.worker_id], by_pod[episode.pod_id], service):
            tally.add_case(points[case_id])
    return Caseloads(
        as_at=as_at,
        workers=tuple(
            tally.worker(worker_id, employment.get(worker_id), tuple(sorted(pods_of[worker_id])))
            for worker_id, tally in sorted(by_worker.items())
        ),
        pods={pod_id: tally.totals() for pod_id, tally in sorted(by_pod.items())},
        service=service.totals(),
    )


def _membership_order(member: Membership) -> tuple[str, str, date, str, float]:
    return member.worker_id, member.pod_id, member.start, member.role, member.fte


@dataclass(slots=True)
class _Tally:
    cases: int = 0
    points: float = 0.0
    fte: float = 0.0
    capacity: float = 0.0

    def add_membership(self, fte: float, capacity: float) -> None:
        self.fte += fte
        self.capacity += capacity

    def add_case(self, points: float) -> None:
        self.cases += 1
        self.points += points

    def totals(self) -> CaseloadTotals:
        return CaseloadTotals(self.cases, self.points, self.fte, self.capacity, self.capacity_used())

    def worker(
        self,
        worker_id: str,
        employment: Employment | None,
        pod_ids: tuple[str, ...],
    ) -> WorkerCaseload:
        return WorkerCaseload(
            worker_id,
            employment,
            pod_ids,
            self.fte,
            self.cases,
            self.points,
            self.capacity,
            self.capacity_used(),
        )

    def capacity_used(self) -> float | None:
        return self.points / self.capacity if self.capacity > 0 else None
