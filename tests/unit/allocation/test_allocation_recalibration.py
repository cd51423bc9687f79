from services.allocation.rules.caseload import CaseLoad, WorkerCapacity
from services.allocation.rules.recalibration import propose_rebalancing
from shared.vocabulary import TransferReason


def case(
    case_id: str, worker: str, points: float, known: frozenset[str] = frozenset(), family_id: str | None = None
) -> CaseLoad:
    return CaseLoad(case_id, f"child-{case_id}", worker, "pod-1", points, known, family_id)


def test_nobody_over_capacity_means_no_moves() -> None:
    workers = [WorkerCapacity("a", "pod-1", 10.0), WorkerCapacity("b", "pod-1", 10.0)]
    cases = [case("c1", "a", 5.0), case("c2", "b", 9.5)]

    plan = propose_rebalancing(workers, cases)

    assert plan.moves == ()
    assert plan.unresolved == ()
    assert plan.before == plan.after


def test_a_case_goes_first_to_a_colleague_who_already_knows_the_family_even_in_another_pod() -> None:
    workers = [
        WorkerCapacity("over", "pod-1", 2.0),
        WorkerCapacity("same-pod", "pod-1", 18.0),
        WorkerCapacity("knows", "pod-2", 5.0),
    ]
    cases = [case("c1", "over", 1.5), case("c2", "over", 1.5, known=frozenset({"knows"}))]

    plan = propose_rebalancing(workers, cases)

    [move] = plan.moves
    assert (move.case_id, move.to_worker_id) == ("c2", "knows")
    assert move.knows_family
    assert move.crosses_pod
    assert (move.from_pod_id, move.to_pod_id) == ("pod-1", "pod-2")
    assert move.reason is TransferReason.MANAGE
    assert "case c2 would move from pod pod-1 to pod pod-2" in plan.trade_offs


def test_without_a_known_worker_a_same_pod_colleague_comes_before_another_pod() -> None:
    workers = [
        WorkerCapacity("over", "pod-1", 1.0),
        WorkerCapacity("same-pod", "pod-1", 3.0),
        WorkerCapacity("other-pod", "pod-2", 18.0),
    ]
    cases = [case("c1", "over", 1.0), case("c2", "over", 1.0)]

    [move] = propose_rebalancing(workers, cases).moves

    assert move.to_worker_id == "same-pod"
    assert not move.knows_family
    assert not move.crosses_pod


def test_a_known_worker_without_headroom_is_passed_over() -> None:
    workers = [
        WorkerCapacity("over", "pod-1", 0.5),
        WorkerCapacity("knows", "pod-1", 2.0),
        WorkerCapacity("free", "pod-1", 10.0),
    ]
    cases = [case("c1", "over", 1.5, known=frozenset({"knows"})), case("k1", "knows", 1.0)]

    [move] = propose_rebalancing(workers, cases).moves

    assert move.to_worker_id == "free"


def test_the_lightest_case_that_is_enough_on_its_own_moves() -> None:
    workers = [WorkerCapacity("over", "pod-1", 3.0), WorkerCapacity("free", "pod-1", 18.0)]
    cases = [case("c1", "over", 2.0), case("c2", "over", 1.5), case("c3", "over", 1.0)]

    plan = propose_rebalancing(workers, cases)

    assert [m.case_id for m in plan.moves] == ["c2"]
    assert {load.worker_id: load.points for load in plan.after} == {"over": 3.0, "free": 1.5}


def test_when_no_one_case_is_enough_the_heaviest_go_first_to_keep_moves_few() -> None:
    workers = [WorkerCapacity("over", "pod-1", 1.0), WorkerCapacity("free", "pod-1", 18.0)]
    cases = [case("c1", "over", 1.0), case("c2", "over", 2.0), case("c3", "over", 1.5)]

    assert [m.case_id for m in propose_rebalancing(workers, cases).moves] == ["c2", "c3"]


def test_siblings_move_together_to_one_colleague() -> None:
    workers = [
        WorkerCapacity("over", "pod-1", 3.0),
        WorkerCapacity("x", "pod-1", 4.0),
        WorkerCapacity("y", "pod-1", 4.0),
    ]
    cases = [
        case("c1", "over", 1.0, family_id="smith"),
        case("c2", "over", 1.0, family_id="smith"),
        case("c3", "over", 3.0),
    ]

    plan = propose_rebalancing(workers, cases)

    assert sorted(m.case_id for m in plan.moves) == ["c1", "c2"]
    assert len({m.to_worker_id for m in plan.moves}) == 1
    assert all(m.family_id == "smith" for m in plan.moves)


def test_siblings_are_split_only_when_no_colleague_can_take_them_all_and_the_split_is_shown() -> None:
    workers = [
        WorkerCapacity("over", "pod-1", 0.0),
        WorkerCapacity("x", "pod-1", 1.0),
        WorkerCapacity("y", "pod-1", 1.0),
    ]
    cases = [case("c1", "over", 1.0, family_id="smith"), case("c2", "over", 1.0, family_id="smith")]

    plan = propose_rebalancing(workers, cases)

    assert {m.to_worker_id for m in plan.moves} == {"x", "y"}
    assert plan.unresolved == ()
    assert "siblings in family smith would be split between workers x, y" in plan.trade_offs


def test_a_colleague_holding_a_sibling_knows_the_family() -> None:
    workers = [
        WorkerCapacity("over", "pod-1", 0.0),
        WorkerCapacity("sibling-holder", "pod-2", 5.0),
        WorkerCapacity("same-pod", "pod-1", 18.0),
    ]
    cases = [case("c1", "over", 1.0, family_id="smith"), case("c2", "sibling-holder", 1.0, family_id="smith")]

    [move] = propose_rebalancing(workers, cases).moves

    assert move.to_worker_id == "sibling-holder"
    assert move.knows_family


def test_with_no_colleague_headroom_the_worker_is_left_over_capacity_with_the_reason() -> None:
    workers = [WorkerCapacity("over", "pod-1", 2.0), WorkerCapacity("full", "pod-1", 2.0)]
    cases = [case("c1", "over", 1.5), case("c2", "over", 1.5), case("c3", "full", 2.0)]

    plan = propose_rebalancing(workers, cases)

    assert plan.moves == ()
    [still] = plan.unresolved
    assert (still.worker_id, still.points, still.capacity) == ("over", 3.0, 2.0)
    assert still.reason == "1 point over capacity; no colleague has headroom for any of their cases"


def test_a_worker_only_partly_relieved_is_reported_with_what_is_left() -> None:
    workers = [WorkerCapacity("over", "pod-1", 1.0), WorkerCapacity("small", "pod-1", 2.0)]
    cases = [case("c1", "over", 2.0), case("c2", "over", 1.5)]

    plan = propose_rebalancing(workers, cases)

    assert [m.case_id for m in plan.moves] == ["c1"]
    [still] = plan.unresolved
    assert still.reason == "still 0.5 points over capacity after moving 1 case; no colleague has headroom for the rest"
