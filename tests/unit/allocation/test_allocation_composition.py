import pytest

from services.allocation.rules.composition import PodMember, pod_composition
from shared.vocabulary import PodRole


def model_pod() -> list[PodMember]:
    return [
        PodMember("manager", PodRole.POD_MANAGER, 1.0),
        PodMember("senior-1", PodRole.SENIOR_SOCIAL_WORKER, 1.0),
        PodMember("senior-2", PodRole.SENIOR_SOCIAL_WORKER, 1.0),
        *(PodMember(f"sw-{n}", PodRole.SOCIAL_WORKER, 1.0) for n in range(5)),
        PodMember("trainee", PodRole.SOCIAL_WORKER_IN_TRAINING, 1.0),
        PodMember("support", PodRole.BUSINESS_SUPPORT, 1.0),
    ]


def test_a_pod_exactly_in_the_model_shape_is_in_shape() -> None:
    composition = pod_composition(model_pod())

    assert composition.in_shape
    assert composition.missing == ()
    assert composition.over == ()
    assert composition.fte_by_role == {
        "pod_manager": 1.0,
        "senior_social_worker": 2.0,
        "social_worker": 5.0,
        "social_worker_in_training": 1.0,
        "business_support": 1.0,
    }


def test_a_pod_with_half_a_pod_manager_is_missing_half_a_manager() -> None:
    members = [m for m in model_pod() if m.role is not PodRole.POD_MANAGER]
    members.append(PodMember("manager", PodRole.POD_MANAGER, 0.5))

    composition = pod_composition(members)

    assert not composition.in_shape
    [gap] = composition.missing
    assert gap.role is PodRole.POD_MANAGER
    assert gap.expected == "1 FTE"
    assert gap.actual_fte == 0.5
    assert gap.message == "needs 1 FTE pod manager; has 0.5"


def test_a_pod_without_a_pod_manager_says_it_has_none() -> None:
    composition = pod_composition([m for m in model_pod() if m.role is not PodRole.POD_MANAGER])

    assert [gap.message for gap in composition.missing] == ["needs 1 FTE pod manager; has 0"]


def test_a_pod_over_on_social_workers_is_reported_as_over() -> None:
    composition = pod_composition([*model_pod(), PodMember("sw-extra", PodRole.SOCIAL_WORKER, 0.6)])

    assert not composition.in_shape
    [gap] = composition.over
    assert gap.role is PodRole.SOCIAL_WORKER
    assert gap.expected == "up to 5 FTE"
    assert gap.actual_fte == 5.6
    assert gap.message == "allows up to 5 FTE social workers; has 5.6"


def test_fewer_social_workers_than_the_ceiling_is_still_in_shape() -> None:
    members = [m for m in model_pod() if m.worker_id not in {"sw-0", "senior-2"}]

    assert pod_composition(members).in_shape


def test_two_pod_managers_are_over() -> None:
    composition = pod_composition([*model_pod(), PodMember("manager-2", PodRole.POD_MANAGER, 0.5)])

    assert [gap.role for gap in composition.over] == [PodRole.POD_MANAGER]


def test_a_part_time_trainee_and_officer_are_enough_but_none_is_missing() -> None:
    part_time = [
        PodMember(m.worker_id, m.role, 0.5) if m.role in {PodRole.SOCIAL_WORKER_IN_TRAINING, PodRole.BUSINESS_SUPPORT}
        else m
        for m in model_pod()
    ]  # fmt: skip
    assert pod_composition(part_time).in_shape

    without = [m for m in model_pod() if m.role not in {PodRole.SOCIAL_WORKER_IN_TRAINING, PodRole.BUSINESS_SUPPORT}]
    assert [gap.message for gap in pod_composition(without).missing] == [
        "needs at least 1 social worker in training; has none",
        "needs at least 1 business support officer; has none",
    ]


def test_fractions_that_add_to_the_limit_do_not_count_as_over() -> None:
    members = [m for m in model_pod() if m.role is not PodRole.SOCIAL_WORKER]
    members += [PodMember(f"sw-{n}", PodRole.SOCIAL_WORKER, 0.1) for n in range(50)]

    assert pod_composition(members).over == ()


def test_an_empty_pod_misses_everything_that_is_required() -> None:
    composition = pod_composition([])

    assert [gap.role for gap in composition.missing] == [
        PodRole.POD_MANAGER,
        PodRole.SOCIAL_WORKER_IN_TRAINING,
        PodRole.BUSINESS_SUPPORT,
    ]


@pytest.mark.parametrize("fte", [0, -0.5, 1.5])
def test_a_membership_needs_an_fte_above_zero_and_at_most_one(fte: float) -> None:
    with pytest.raises(ValueError, match="fte"):
        PodMember("w", PodRole.SOCIAL_WORKER, fte)
