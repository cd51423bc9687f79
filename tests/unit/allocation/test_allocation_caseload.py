import pytest

from services.allocation.rules.caseload import (
    CaseLoad,
    CaseloadPolicy,
    Weighed,
    WorkerCapacity,
    WorkerLoad,
    capacity,
    case_points,
    sibling_group_points,
    worker_loads,
)
from shared.vocabulary import PodRole

POLICY = CaseloadPolicy()


def test_a_child_in_need_case_weighs_one_point() -> None:
    assert case_points({"CIN"}, in_court=False, policy=POLICY) == 1.0


def test_a_case_takes_its_heaviest_weight_not_the_sum() -> None:
    assert case_points({"CLA", "CP"}, in_court=False, policy=POLICY) == 1.5
    assert case_points({"CIN", "CP"}, in_court=True, policy=POLICY) == 2.0


def test_a_case_with_no_weighed_status_takes_the_default() -> None:
    assert case_points(set(), in_court=False, policy=POLICY) == 1.0
    assert case_points({"something new"}, in_court=False, policy=CaseloadPolicy(weights={"default": 0.5})) == 0.5


def test_weights_are_configurable() -> None:
    policy = CaseloadPolicy(weights={"CIN": 1.0, "CP": 3.0, "default": 1.0})

    assert case_points({"CP"}, in_court=True, policy=policy) == 3.0


def test_capacity_scales_with_fte_and_protects_trainees() -> None:
    assert capacity(PodRole.SOCIAL_WORKER, 1.0, POLICY) == 18
    assert capacity(PodRole.SOCIAL_WORKER, 0.5, POLICY) == 9
    assert capacity(PodRole.SOCIAL_WORKER_IN_TRAINING, 1.0, POLICY) < capacity(PodRole.SOCIAL_WORKER, 1.0, POLICY)
    assert capacity(PodRole.BUSINESS_SUPPORT, 1.0, POLICY) == 0


def test_a_worker_load_shows_share_used_and_headroom() -> None:
    load = WorkerLoad("w", cases=10, points=13.5, capacity=18.0)

    assert load.used == pytest.approx(0.75)
    assert load.headroom == 4.5


def test_a_worker_without_capacity_has_no_share_used_but_negative_headroom() -> None:
    load = WorkerLoad("support", cases=1, points=1.0, capacity=0.0)

    assert load.used is None
    assert load.headroom == -1.0


def test_worker_loads_count_cases_beside_points_including_workers_with_none() -> None:
    workers = [WorkerCapacity("b", "pod", 18.0), WorkerCapacity("a", "pod", 9.0)]
    cases = [
        CaseLoad("c1", "child-1", "a", "pod", 1.5, family_id="f"),
        CaseLoad("c2", "child-2", "a", "pod", 1.5, family_id="f"),
        CaseLoad("c3", "child-3", "a", "pod", 0.1),
        CaseLoad("c4", "child-4", "a", "pod", 0.2),
    ]

    assert worker_loads(workers, cases) == (WorkerLoad("a", 4, 3.3, 9.0), WorkerLoad("b", 0, 0.0, 18.0))


def test_a_workers_heaviest_sibling_counts_in_full_and_the_others_weigh_sibling() -> None:
    cases = [
        Weighed("younger", "amy", "reed", 1.5),
        Weighed("eldest", "amy", "reed", 2.0),
        Weighed("light", "amy", "reed", 0.25),
        Weighed("with ben", "ben", "reed", 1.5),
        Weighed("another family", "amy", "khan", 1.5),
    ]

    points = sibling_group_points(cases, CaseloadPolicy())

    assert points == {"eldest": 2.0, "younger": 0.5, "light": 0.25, "with ben": 1.5, "another family": 1.5}


def test_without_a_sibling_weight_siblings_count_in_full() -> None:
    cases = [Weighed("a", "amy", "reed", 1.5), Weighed("b", "amy", "reed", 1.5)]

    assert sibling_group_points(cases, CaseloadPolicy(weights={"CLA": 1.5})) == {"a": 1.5, "b": 1.5}
