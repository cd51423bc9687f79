"""Reallocation when a worker leaves: a plan for every one of their cases, never a dropped one.

Same-pod colleagues with headroom come first (a colleague who knows the family before one who does not),
then colleagues in other pods. A case nobody can take without going over capacity is listed for a
pod manager to decide.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from services.allocation.rules.caseload import CaseLoad, WorkerCapacity, WorkerLoad, points_phrase
from services.allocation.rules.receivers import Move, Receivers, sibling_groups
from shared.vocabulary import TransferReason


@dataclass(frozen=True, slots=True)
class Colleague:
    """A possible receiver with the load they carry now."""

    worker_id: str
    pod_id: str
    capacity: float
    points: float
    cases: int = 0


@dataclass(frozen=True, slots=True)
class CaseNeedingDecision:
    case_id: str
    child_id: str
    pod_id: str
    points: float
    family_id: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class ReallocationPlan:
    leaver_id: str
    moves: tuple[Move, ...]
    needs_decision: tuple[CaseNeedingDecision, ...]
    after: tuple[WorkerLoad, ...]
    trade_offs: tuple[str, ...]


def _same_pod_first(knows_family: bool, same_pod: bool) -> tuple[int, int]:
    return (not same_pod, not knows_family)


def plan_reallocation(
    leaver_id: str, leaver_pod_id: str, cases: Sequence[CaseLoad], colleagues: Sequence[Colleague]
) -> ReallocationPlan:
    others = sorted(case.case_id for case in cases if case.worker_id != leaver_id)
    if others:
        raise ValueError(f"cases not held by the leaver {leaver_id}: {', '.join(others)}")
    present = [colleague for colleague in colleagues if colleague.worker_id != leaver_id]
    receivers = Receivers(
        [WorkerCapacity(c.worker_id, c.pod_id, c.capacity) for c in present],
        {c.worker_id: c.points for c in present},
        cases,
    )
    moves: list[Move] = []
    undecided: list[CaseNeedingDecision] = []
    # Heaviest families first: large groups are the hardest to place once headroom is used up.
    for group in sorted(sibling_groups(cases), key=lambda g: (-sum(c.points for c in g), g[0].case_id)):
        receiver = receivers.choose(group, leaver_id, leaver_pod_id, _same_pod_first)
        if receiver is not None:
            moves.extend(receivers.move(group, receiver, TransferReason.LEFTRL))
            continue
        for case in group:
            single = receivers.choose([case], leaver_id, leaver_pod_id, _same_pod_first)
            if single is not None:
                moves.extend(receivers.move([case], single, TransferReason.LEFTRL))
            else:
                undecided.append(_needing_decision(case))
    return ReallocationPlan(
        leaver_id=leaver_id,
        moves=tuple(moves),
        needs_decision=tuple(undecided),
        after=_loads_after(present, moves),
        trade_offs=receivers.trade_offs(cases),
    )


def _needing_decision(case: CaseLoad) -> CaseNeedingDecision:
    reason = f"no colleague has headroom for another {points_phrase(case.points)}"
    return CaseNeedingDecision(case.case_id, case.child_id, case.pod_id, case.points, case.family_id, reason)


def _loads_after(colleagues: Sequence[Colleague], moves: Sequence[Move]) -> tuple[WorkerLoad, ...]:
    return tuple(
        WorkerLoad(
            worker_id=c.worker_id,
            cases=c.cases + sum(1 for m in moves if m.to_worker_id == c.worker_id),
            points=round(c.points + sum(m.points for m in moves if m.to_worker_id == c.worker_id), 4),
            capacity=c.capacity,
        )
        for c in sorted(colleagues, key=lambda c: c.worker_id)
    )
