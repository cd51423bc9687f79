from datetime import date

import pytest

from services.kpi.rules.caseloads import caseloads, dfe_average_caseload
from services.kpi.rules.facts import CourtPeriod, Worker
from tests.unit.kpi.kpi_builders import episode, member, status

AS_AT = date(2023, 9, 30)
WEIGHTS = {"CIN": 1.0, "CP": 1.5, "CLA": 2.0, "default": 0.5}
CAPACITIES = {"social_worker": 18.0, "social_worker_in_training": 8.0}


def test_a_case_weighs_its_heaviest_open_status_or_the_default() -> None:
    episodes = [episode("amy", "w1", date(2023, 1, 1)), episode("ben", "w1", date(2023, 1, 1))]
    statuses = [
        status("amy", "CP", date(2023, 1, 1)),
        status("amy", "CLA", date(2023, 2, 1), legal_status="C2"),
        status("ben", "CLA", date(2023, 1, 1), date(2023, 9, 30)),
    ]
    result = caseloads(AS_AT, episodes, [member("w1")], [], statuses, WEIGHTS, CAPACITIES)
    (worker,) = result.workers
    assert (worker.cases, worker.points) == (2, 2.5)


def test_capacity_scales_with_role_and_fte_and_capacity_used_is_points_over_capacity() -> None:
    episodes = [episode("amy", "trainee", date(2023, 1, 1))]
    memberships = [member("trainee", role="social_worker_in_training", fte=0.5)]
    result = caseloads(AS_AT, episodes, memberships, [], [], WEIGHTS, CAPACITIES)
    (trainee,) = result.workers
    assert (trainee.fte, trainee.capacity, trainee.capacity_used) == (0.5, 4.0, 0.125)


def test_pods_and_the_service_total_cases_points_and_capacity() -> None:
    episodes = [
        episode("amy", "w1", date(2023, 1, 1), pod="north"),
        episode("ben", "w2", date(2023, 1, 1), pod="south"),
        episode("cal", "w2", date(2023, 1, 1), pod="south"),
    ]
    memberships = [member("w1", "north"), member("w2", "south", fte=0.5), member("idle", "south")]
    workers = [Worker("w1", "employed"), Worker("w2", "agency")]
    result = caseloads(AS_AT, episodes, memberships, workers, [], WEIGHTS, CAPACITIES)
    assert [(row.worker_id, row.employment, row.pod_ids, row.cases) for row in result.workers] == [
        ("idle", None, ("south",), 0),
        ("w1", "employed", ("north",), 1),
        ("w2", "agency", ("south",), 2),
    ]
    assert (result.pods["south"].cases, result.pods["south"].fte, result.pods["south"].capacity) == (
        2,
        1.5,
        27.0,
    )
    assert (result.service.cases, result.service.points, result.service.capacity) == (3, 1.5, 45.0)
    assert result.service.capacity_used == pytest.approx(1.5 / 45.0)


def test_a_case_handed_over_on_the_day_counts_once_for_the_new_worker() -> None:
    episodes = [episode("amy", "old", date(2023, 1, 1), AS_AT), episode("amy", "new", AS_AT)]
    result = caseloads(AS_AT, episodes, [member("old"), member("new")], [], [], WEIGHTS, CAPACITIES)
    assert {row.worker_id: row.cases for row in result.workers} == {"new": 1, "old": 0}


def test_a_worker_holding_cases_without_a_membership_has_no_capacity_used() -> None:
    result = caseloads(AS_AT, [episode("amy", "gone", date(2023, 1, 1))], [], [], [], WEIGHTS, CAPACITIES)
    assert (result.workers[0].cases, result.workers[0].capacity_used) == (1, None)


def test_the_dfe_average_caseload_leaves_out_fte_0_and_caseless_workers_but_counts_agency() -> None:
    episodes = [
        episode("amy", "employed", date(2023, 1, 1)),
        episode("ben", "employed", date(2023, 1, 1)),
        episode("cal", "agency", date(2023, 1, 1)),
        episode("dan", "no-fte", date(2023, 1, 1)),
        episode("eve", "left", date(2023, 1, 1)),
    ]
    memberships = [
        member("employed", fte=1.0),
        member("agency", fte=0.6),
        member("no-fte", fte=0.0),
        member("caseless", fte=1.0),
        member("left", end=date(2023, 9, 1)),
    ]
    result = dfe_average_caseload(AS_AT, episodes, memberships)
    assert (result.numerator, result.denominator, result.workers_counted) == (3, 1.6, 2)
    assert result.ratio == pytest.approx(1.875)
    assert result.average == 1.9
    assert result.cohort == "dfe_workforce_average_caseload"


def test_empty_caseloads_give_zeros_without_crashing() -> None:
    result = caseloads(AS_AT, [], [], [], [], WEIGHTS, CAPACITIES)
    assert (result.workers, dict(result.pods), result.service.cases, result.service.capacity_used) == (
        (),
        {},
        0,
        None,
    )
    average = dfe_average_caseload(AS_AT, [], [])
    assert (average.numerator, average.denominator, average.ratio, average.average) == (0, 0.0, 0.0, 0.0)


def test_a_case_in_court_weighs_court_while_the_proceedings_last() -> None:
    episodes = [episode("amy", "w1", date(2023, 1, 1))]
    statuses = [status("amy", "CP", date(2023, 1, 1))]
    weights = {**WEIGHTS, "court": 3.0}
    during = [CourtPeriod("case-amy", date(2023, 6, 1), None)]
    over = [CourtPeriod("case-amy", date(2023, 6, 1), date(2023, 8, 31))]

    in_court = caseloads(AS_AT, episodes, [member("w1")], [], statuses, weights, CAPACITIES, during)
    after = caseloads(AS_AT, episodes, [member("w1")], [], statuses, weights, CAPACITIES, over)

    assert (in_court.service.points, after.service.points) == (3.0, 1.5)


def test_a_workers_further_siblings_weigh_sibling_and_still_count_as_cases() -> None:
    episodes = [
        episode("amy", "w1", date(2023, 1, 1)),
        episode("ben", "w1", date(2023, 1, 1)),
        episode("cal", "w1", date(2023, 1, 1)),
        episode("dan", "w2", date(2023, 1, 1)),
    ]
    statuses = [status(child, "CLA", date(2023, 1, 1), legal_status="C2") for child in ("amy", "ben", "cal", "dan")]
    families = {"ben": "amy", "dan": "amy"}  # cal is a family of their own; dan is amy's brother with another worker
    weights = {**WEIGHTS, "sibling": 0.5}

    result = caseloads(
        AS_AT, episodes, [member("w1"), member("w2")], [], statuses, weights, CAPACITIES, families=families
    )

    assert [(row.worker_id, row.cases, row.points) for row in result.workers] == [("w1", 3, 4.5), ("w2", 1, 2.0)]
