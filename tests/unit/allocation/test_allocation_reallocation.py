from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.allocation.rules.caseload import CaseLoad
from services.allocation.rules.reallocation import Colleague, plan_reallocation
from shared.vocabulary import TransferReason


def leavers_case(
    case_id: str, points: float = 1.0, known: frozenset[str] = frozenset(), family_id: str | None = None
) -> CaseLoad:
    return CaseLoad(case_id, f"child-{case_id}", "leaver", "pod-1", points, known, family_id)


def test_same_pod_colleagues_with_headroom_come_before_other_pods_even_ones_who_know_the_family() -> None:
    colleagues = [Colleague("same-pod", "pod-1", 18.0, 10.0), Colleague("knows", "pod-2", 18.0, 0.0)]

    plan = plan_reallocation("leaver", "pod-1", [leavers_case("c1", known=frozenset({"knows"}))], colleagues)

    [move] = plan.moves
    assert move.to_worker_id == "same-pod"
    assert not move.crosses_pod
    assert move.reason is TransferReason.LEFTRL
    assert move.from_worker_id == "leaver"


def test_inside_the_pod_a_colleague_who_knows_the_family_is_preferred() -> None:
    colleagues = [Colleague("roomy", "pod-1", 18.0, 0.0), Colleague("knows", "pod-1", 18.0, 15.0)]

    plan = plan_reallocation("leaver", "pod-1", [leavers_case("c1", known=frozenset({"knows"}))], colleagues)

    assert [(m.to_worker_id, m.knows_family) for m in plan.moves] == [("knows", True)]


def test_when_the_pod_is_full_cases_go_to_another_pod_with_headroom() -> None:
    colleagues = [Colleague("full", "pod-1", 18.0, 18.0), Colleague("elsewhere", "pod-2", 18.0, 3.0)]

    plan = plan_reallocation("leaver", "pod-1", [leavers_case("c1", 1.5)], colleagues)

    [move] = plan.moves
    assert (move.to_worker_id, move.to_pod_id, move.crosses_pod) == ("elsewhere", "pod-2", True)
    assert plan.trade_offs == ("case c1 would move from pod pod-1 to pod pod-2",)


def test_a_case_nobody_has_room_for_is_listed_for_a_decision_never_dropped() -> None:
    colleagues = [Colleague("nearly-full", "pod-1", 18.0, 17.5)]

    plan = plan_reallocation("leaver", "pod-1", [leavers_case("c1", 0.5), leavers_case("c2", 2.0)], colleagues)

    assert [m.case_id for m in plan.moves] == ["c1"]
    [pending] = plan.needs_decision
    assert pending.case_id == "c2"
    assert pending.reason == "no colleague has headroom for another 2 points"


def test_a_leaver_with_no_colleagues_gets_every_case_listed_for_a_decision() -> None:
    plan = plan_reallocation("leaver", "pod-1", [leavers_case("c1"), leavers_case("c2")], [])

    assert plan.moves == ()
    assert [p.case_id for p in plan.needs_decision] == ["c1", "c2"]


def test_the_leaver_is_never_a_receiver() -> None:
    plan = plan_reallocation("leaver", "pod-1", [leavers_case("c1")], [Colleague("leaver", "pod-1", 18.0, 0.0)])

    assert plan.moves == ()
    assert len(plan.needs_decision) == 1


def test_siblings_go_to_one_colleague_where_possible() -> None:
    colleagues = [Colleague("a", "pod-1", 18.0, 16.0), Colleague("b", "pod-1", 18.0, 14.0)]
    cases = [leavers_case("c1", family_id="smith"), leavers_case("c2", family_id="smith")]

    plan = plan_reallocation("leaver", "pod-1", cases, colleagues)

    assert {m.to_worker_id for m in plan.moves} == {"b"}


def test_loads_after_the_plan_include_the_received_cases() -> None:
    colleagues = [Colleague("a", "pod-1", 18.0, 10.0, cases=7)]

    plan = plan_reallocation("leaver", "pod-1", [leavers_case("c1", 1.5), leavers_case("c2", 2.0)], colleagues)

    [load] = plan.after
    assert (load.worker_id, load.cases, load.points, load.capacity) == ("a", 9, 13.5, 18.0)


def test_cases_held_by_someone_else_are_refused() -> None:
    stray = CaseLoad("c9", "child-9", "someone-else", "pod-1", 1.0)

    with pytest.raises(ValueError, match="c9"):
        plan_reallocation("leaver", "pod-1", [stray], [])


@st.composite
def leaving(draw: st.DrawFn) -> tuple[list[CaseLoad], list[Colleague]]:
    names = draw(st.lists(st.sampled_from([f"w{n}" for n in range(6)]), unique=True, max_size=6))
    colleagues = [
        Colleague(
            worker_id=name,
            pod_id=draw(st.sampled_from(["pod-1", "pod-2"])),
            capacity=(capacity := draw(st.sampled_from([0.0, 8.0, 15.0, 18.0]))),
            points=draw(st.floats(0, capacity + 2, allow_nan=False)),
        )
        for name in names
    ]
    cases = [
        leavers_case(
            f"c{n:02}",
            draw(st.sampled_from([1.0, 1.5, 2.0])),
            known=frozenset(draw(st.lists(st.sampled_from(names or ["x"]), max_size=2))),
            family_id=draw(st.sampled_from([None, None, "f1", "f2"])),
        )
        for n in range(draw(st.integers(0, 25)))
    ]
    return cases, colleagues


@given(leaving())
def test_reallocation_returns_every_case_exactly_once(drawn: tuple[list[CaseLoad], list[Colleague]]) -> None:
    cases, colleagues = drawn

    plan = plan_reallocation("leaver", "pod-1", cases, colleagues)

    planned = Counter([m.case_id for m in plan.moves] + [p.case_id for p in plan.needs_decision])
    assert planned == Counter(c.case_id for c in cases)


@given(leaving())
def test_reallocation_never_overloads_a_receiver(drawn: tuple[list[CaseLoad], list[Colleague]]) -> None:
    cases, colleagues = drawn

    plan = plan_reallocation("leaver", "pod-1", cases, colleagues)

    for load in plan.after:
        if any(m.to_worker_id == load.worker_id for m in plan.moves):
            assert load.points <= load.capacity + 1e-6
