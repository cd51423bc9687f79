"""Recalibration: a proposed rebalancing that brings every worker within capacity where it can.

It moves as few and as light cases as it can away from workers over capacity, only to colleagues with
headroom, preferring one who already knows the family, then one in the same pod, and keeping siblings
together unless that is the only way. It is a proposal: nothing changes until a pod manager approves.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from services.allocation.rules.caseload import CaseLoad, WorkerCapacity, WorkerLoad, points_phrase, worker_loads
from services.allocation.rules.receivers import TOLERANCE, Move, Receivers, sibling_groups
from shared.vocabulary import TransferReason


@dataclass(frozen=True, slots=True)
class StillOverCapacity:
    worker_id: str
    points: float
    capacity: float
    reason: str


@dataclass(frozen=True, slots=True)
class RebalancingPlan:
    moves: tuple[Move, ...]
    before: tuple[WorkerLoad, ...]
    after: tuple[WorkerLoad, ...]
    unresolved: tuple[StillOverCapacity, ...]
    trade_offs: tuple[str, ...]


def _known_first(knows_family: bool, same_pod: bool) -> tuple[int, int]:
    return (not knows_family, not same_pod)


def propose_rebalancing(workers: Sequence[WorkerCapacity], cases: Sequence[CaseLoad]) -> RebalancingPlan:
    known = {worker.worker_id for worker in workers}
    strangers = sorted({case.worker_id for case in cases} - known)
    if strangers:
        raise ValueError(f"cases are held by workers missing from the workers given: {', '.join(strangers)}")
    before = worker_loads(workers, cases)
    receivers = Receivers(workers, {load.worker_id: load.points for load in before}, cases)
    over = sorted(
        (load for load in before if load.points > load.capacity + TOLERANCE),
        key=lambda load: (-(load.points - load.capacity), load.worker_id),
    )
    moves: list[Move] = []
    unresolved: list[StillOverCapacity] = []
    for load in over:
        held = sorted((case for case in cases if case.worker_id == load.worker_id), key=lambda c: c.case_id)
        donor_moves = _relieve(load, held, receivers)
        moves.extend(donor_moves)
        remaining = receivers.points_of(load.worker_id)
        if remaining > load.capacity + TOLERANCE:
            unresolved.append(_still_over(load, remaining, len(donor_moves)))
    return RebalancingPlan(
        moves=tuple(moves),
        before=before,
        after=worker_loads(workers, receivers.cases_after(cases)),
        unresolved=tuple(unresolved),
        trade_offs=receivers.trade_offs(cases),
    )


Option = tuple[list[CaseLoad], WorkerCapacity]


def _relieve(load: WorkerLoad, held: list[CaseLoad], receivers: Receivers) -> list[Move]:
    groups = sibling_groups(held)
    moves: list[Move] = []
    while (excess := receivers.points_of(load.worker_id) - load.capacity) > TOLERANCE:
        options = _options(groups, load.worker_id, receivers) or _options(
            # No family fits anywhere whole: split a sibling group rather than leave the worker overloaded.
            [[case] for group in groups for case in group],
            load.worker_id,
            receivers,
        )
        if not options:
            break

        def weight(option: Option) -> float:
            return sum(case.points for case in option[0])

        def preference(option: Option) -> tuple[tuple[int, int], str]:
            group, receiver = option
            knows = receivers.knows_family(receiver.worker_id, group)
            return _known_first(knows, receiver.pod_id == group[0].pod_id), group[0].case_id

        enough = [option for option in options if weight(option) >= excess - TOLERANCE]
        # The lightest move that is enough on its own; failing that, the heaviest, to keep moves few.
        group, receiver = (
            min(enough, key=lambda o: (weight(o), preference(o)))
            if enough
            else min(options, key=lambda o: (-weight(o), preference(o)))
        )
        moves.extend(receivers.move(group, receiver, TransferReason.MANAGE))
        groups = [remaining for g in groups if (remaining := [c for c in g if c not in group])]
    return moves


def _options(groups: list[list[CaseLoad]], donor_id: str, receivers: Receivers) -> list[Option]:
    return [
        (group, receiver)
        for group in groups
        if (receiver := receivers.choose(group, donor_id, group[0].pod_id, _known_first))
    ]


def _still_over(load: WorkerLoad, remaining: float, moved: int) -> StillOverCapacity:
    over_by = f"{points_phrase(round(remaining - load.capacity, 4))} over capacity"
    if moved == 0:
        reason = f"{over_by}; no colleague has headroom for any of their cases"
    else:
        cases = "1 case" if moved == 1 else f"{moved} cases"
        reason = f"still {over_by} after moving {cases}; no colleague has headroom for the rest"
    return StillOverCapacity(load.worker_id, round(remaining, 4), load.capacity, reason)
