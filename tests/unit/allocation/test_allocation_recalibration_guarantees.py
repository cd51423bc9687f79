"""What every rebalancing plan guarantees, whatever the caseloads."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.allocation.rules.caseload import CaseLoad, WorkerCapacity
from services.allocation.rules.recalibration import propose_rebalancing


def test_business_support_never_receives_cases() -> None:
    workers = [WorkerCapacity("over", "pod-1", 0.0), WorkerCapacity("support", "pod-1", 0.0)]
    cases = [CaseLoad("c1", "child-1", "over", "pod-1", 0.0), CaseLoad("c2", "child-2", "over", "pod-1", 1.0)]

    assert propose_rebalancing(workers, cases).moves == ()


def test_a_case_held_by_an_unknown_worker_is_refused() -> None:
    with pytest.raises(ValueError, match="ghost"):
        propose_rebalancing([WorkerCapacity("a", "pod-1", 5.0)], [CaseLoad("c1", "child-1", "ghost", "pod-1", 1.0)])


workers_strategy = st.lists(
    st.builds(
        WorkerCapacity,
        worker_id=st.sampled_from([f"w{n}" for n in range(6)]),
        pod_id=st.sampled_from(["pod-1", "pod-2"]),
        capacity=st.sampled_from([0.0, 3.0, 8.0, 15.0, 18.0]),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda w: w.worker_id,
)


@st.composite
def caseloads(draw: st.DrawFn) -> tuple[list[WorkerCapacity], list[CaseLoad]]:
    workers = draw(workers_strategy)
    ids = [w.worker_id for w in workers]
    pods = {w.worker_id: w.pod_id for w in workers}
    count = draw(st.integers(0, 30))
    cases = []
    for n in range(count):
        holder = draw(st.sampled_from(ids))
        cases.append(
            CaseLoad(
                case_id=f"c{n:02}",
                child_id=f"child-{n}",
                worker_id=holder,
                pod_id=pods[holder],
                points=draw(st.sampled_from([1.0, 1.5, 2.0])),
                known_worker_ids=frozenset(draw(st.lists(st.sampled_from(ids), max_size=2))),
                family_id=draw(st.sampled_from([None, None, "f1", "f2", "f3"])),
            )
        )
    return workers, cases


@given(caseloads())
def test_rebalancing_never_overloads_a_receiver_and_keeps_every_point(
    drawn: tuple[list[WorkerCapacity], list[CaseLoad]],
) -> None:
    workers, cases = drawn

    plan = propose_rebalancing(workers, cases)

    after = {load.worker_id: load for load in plan.after}
    before = {load.worker_id: load for load in plan.before}
    for receiver in {m.to_worker_id for m in plan.moves}:
        assert after[receiver].points <= after[receiver].capacity + 1e-6
    for move in plan.moves:
        assert before[move.from_worker_id].points > before[move.from_worker_id].capacity
    assert len({m.case_id for m in plan.moves}) == len(plan.moves)
    assert sum(load.points for load in plan.after) == pytest.approx(sum(c.points for c in cases))
    assert sum(load.cases for load in plan.after) == len(cases)
    still_over = {w for w, load in after.items() if load.points > load.capacity + 1e-6}
    assert {s.worker_id for s in plan.unresolved} == still_over


@given(caseloads(), st.randoms(use_true_random=False))
def test_the_plan_does_not_depend_on_the_order_of_its_inputs(
    drawn: tuple[list[WorkerCapacity], list[CaseLoad]], shuffler: random.Random
) -> None:
    workers, cases = drawn
    shuffled_workers, shuffled_cases = workers[:], cases[:]
    shuffler.shuffle(shuffled_workers)
    shuffler.shuffle(shuffled_cases)

    shuffled = propose_rebalancing(shuffled_workers, shuffled_cases)
    in_order = propose_rebalancing(workers, cases)

    assert (shuffled.moves, shuffled.before, shuffled.after) == (in_order.moves, in_order.before, in_order.after)
    assert shuffled.unresolved == in_order.unresolved
