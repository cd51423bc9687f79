"""What a manager does in the allocation API shows in the KPI figures once the events have flowed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi import FastAPI

from services.allocation.api import router as allocation_router
from tests.flows.kpi.in_process import Continuum, QueryValue

YEAR = 2024
IN_THE_YEAR = date(2023, 4, 3)


def _children(body: dict[str, object]) -> list[dict[str, object]]:
    rows = body.get("figure", body)
    assert isinstance(rows, list)
    return rows


async def _child_rows(continuum: Continuum, measure: str, **params: QueryValue) -> list[dict[str, object]]:
    await continuum.settled()
    response = await continuum.kpi_get("/continuity/children", query={"measure": measure, **params})
    assert response.status_code == 200, response.text
    return _children(response.json())


async def test_a_to_b_to_a_is_two_workers_for_the_dfe_and_two_changes_for_the_commissioner(
    continuum: Continuum,
) -> None:
    north, south = await continuum.pod("North"), await continuum.pod("South")
    a, b = await continuum.worker("A", north), await continuum.worker("B", south)
    case = await continuum.child_with_case("amy", date(2023, 3, 1))
    await continuum.status(case, "CLA", date(2023, 3, 1))
    await continuum.allocate(case, north, a, IN_THE_YEAR)
    await continuum.transfer(case, b, date(2023, 8, 1))
    await continuum.transfer(case, a, date(2023, 12, 4))

    [dfe_row] = await _child_rows(continuum, "dfe", year=YEAR)
    [cco_row] = await _child_rows(continuum, "cco", year=YEAR)
    dfe = await continuum.figure("/continuity", measure="dfe", year=YEAR)
    cco = await continuum.figure("/continuity", measure="cco", year=YEAR)

    assert dfe_row["worker_count"] == 2, "A -> B -> A is two distinct social workers"
    assert (dfe["numerator"], dfe["denominator"], dfe["distribution"]["2"]) == (0, 1, 1)
    assert (cco_row["changes"], cco_row["pod_changes"]) == (2, 2), "A -> B -> A is two changes, both across pods"
    assert (cco["numerator"], cco["denominator"], cco["percent"]) == (1, 1, 100)


async def test_a_worker_taken_off_a_case_ends_an_episode_and_the_next_worker_is_a_change_for_that_reason(
    continuum: Continuum,
) -> None:
    north = await continuum.pod("North")
    a, b = await continuum.worker("A", north), await continuum.worker("B", north)
    moved = await continuum.child_with_case("moved", date(2023, 3, 1))
    returned = await continuum.child_with_case("returned", date(2023, 3, 1))
    for case in (moved, returned):
        await continuum.status(case, "CLA", date(2023, 3, 1))
        await continuum.allocate(case, north, a, IN_THE_YEAR)
        history = await continuum.client.get(
            f"/allocation/v1/cases/{case}/allocations", headers=continuum.bearer("head_of_service")
        )
        [held] = history.json()
        await continuum.allocation(
            "POST", f"/cases/{case}/allocations/{held['id']}/end", {"end_date": "2023-09-01", "reason": "ABSENC"}
        )
    await continuum.allocate(moved, north, b, date(2023, 9, 8))
    await continuum.allocate(returned, north, a, date(2023, 9, 8))

    rows = {row["child_id"]: row for row in await _child_rows(continuum, "cco", year=YEAR)}
    dfe = {row["child_id"]: row for row in await _child_rows(continuum, "dfe", year=YEAR)}
    local = await continuum.figure("/continuity", measure="local", **{"from": "2023-04-01", "to": "2024-03-31"})

    moved_child, returned_child = str(continuum.child_of[moved]), str(continuum.child_of[returned])
    assert (rows[moved_child]["changes"], dfe[moved_child]["worker_count"]) == (1, 2), "A, off, then B: one change"
    assert (rows[returned_child]["changes"], dfe[returned_child]["worker_count"]) == (0, 1), "A, off, A again: none"
    assert local["reasons_for_change"] == {"ABSENC": 1}, "B's episode began for the reason A came off"


async def test_a_childs_first_allocation_is_not_a_change(continuum: Continuum) -> None:
    north = await continuum.pod("North")
    a = await continuum.worker("A", north)
    case = await continuum.child_with_case("amy", date(2023, 3, 1))
    await continuum.status(case, "CLA", date(2023, 3, 1))
    await continuum.allocate(case, north, a, IN_THE_YEAR)

    [cco_row] = await _child_rows(continuum, "cco", year=YEAR)
    local = await continuum.figure("/continuity", measure="local", **{"from": "2023-04-01", "to": "2024-03-31"})

    assert cco_row["changes"] == 0
    assert (local["numerator"], local["denominator"]) == (1, 1), "no change of worker in the twelve months"
    assert local["reasons_for_change"] == {}


def _has_case_cover_endpoint() -> bool:
    app = FastAPI()
    app.include_router(allocation_router)
    return "/cases/{case_id}/covers" in app.openapi()["paths"]


@pytest.mark.skipif(not _has_case_cover_endpoint(), reason="allocation has no POST /cases/{case_id}/covers yet")
async def test_cover_is_not_a_change_of_worker(continuum: Continuum) -> None:
    north = await continuum.pod("North")
    a, c = await continuum.worker("A", north), await continuum.worker("C", north)
    case = await continuum.child_with_case("amy", date(2023, 3, 1))
    await continuum.status(case, "CLA", date(2023, 3, 1))
    await continuum.allocate(case, north, a, IN_THE_YEAR)
    cover = {"covering_worker_id": str(c), "start_date": "2023-07-03", "end_date": "2023-07-21", "reason": "leave"}
    await continuum.allocation("POST", f"/cases/{case}/covers", cover)

    [dfe_row] = await _child_rows(continuum, "dfe", year=YEAR)
    [cco_row] = await _child_rows(continuum, "cco", year=YEAR)

    assert (dfe_row["worker_count"], dfe_row["workers"]) == (1, [str(a)]), "the covering worker is not counted"
    assert cco_row["changes"] == 0


async def test_children_looked_after_only_under_short_breaks_are_outside_both_national_cohorts_and_monthly_monitoring(
    continuum: Continuum,
) -> None:
    north = await continuum.pod("North")
    a = await continuum.worker("A", north)
    cases = {}
    for name, legal_status in (("in care", "C2"), ("short breaks", "V3"), ("more short breaks", "V4")):
        cases[name] = await continuum.child_with_case(name, date(2023, 3, 1))
        await continuum.status(cases[name], "CLA", date(2023, 3, 1), legal_status=legal_status)
        await continuum.allocate(cases[name], north, a, IN_THE_YEAR)

    dfe = await continuum.figure("/continuity", measure="dfe", year=YEAR)
    cco = await continuum.figure("/continuity", measure="cco", year=YEAR)
    monthly = await continuum.figure("/monthly-monitoring", **{"from": "2024-03", "to": "2024-03"})

    assert dfe["denominator"] == 1, "V3/V4-only children are left out of the DfE cohort"
    assert cco["denominator"] == 1, "and of the Commissioner's, which matched the DfE's count at 31 March"
    [march] = monthly["service"]
    assert (march["open_cases"]["count"], march["looked_after_excluding_uasc"]["count"]) == (3, 1)


async def test_a_backdated_transfer_recorded_after_month_end_moves_that_months_figure(continuum: Continuum) -> None:
    north, south = await continuum.pod("North"), await continuum.pod("South")
    a, b = await continuum.worker("A", north), await continuum.worker("B", south)
    case = await continuum.child_with_case("amy", date(2024, 1, 2))
    await continuum.status(case, "CP", date(2024, 1, 2))
    await continuum.allocate(case, north, a, date(2024, 1, 3))
    months = {"from": "2024-01", "to": "2024-03"}
    before = await continuum.figure("/monthly-monitoring", **months)

    await continuum.transfer(case, b, date(2024, 2, 10))
    after = await continuum.figure("/monthly-monitoring", **months)

    def cp_plans(series: dict[str, object], pod: object) -> list[int]:
        pods = series["pods"]
        assert isinstance(pods, dict)
        return [month["cp_plans"]["count"] for month in pods.get(str(pod), [])] or [0, 0, 0]

    assert (cp_plans(before, north), cp_plans(before, south)) == ([1, 1, 1], [0, 0, 0])
    assert (cp_plans(after, north), cp_plans(after, south)) == ([1, 0, 0], [0, 1, 1])
    assert [m["cp_plans"]["count"] for m in after["service"]] == [1, 1, 1], "the service total does not move"


async def test_caseloads_count_each_child_once_and_weigh_cases_in_points(continuum: Continuum) -> None:
    north = await continuum.pod("North")
    a = await continuum.worker("A", north, employment="agency")
    half = await continuum.worker("Half", north, fte=0.5)
    on_a_plan = await continuum.child_with_case("on a plan", date(2024, 1, 2))
    in_need = await continuum.child_with_case("in need", date(2024, 1, 2))
    closed = await continuum.child_with_case("closed", date(2024, 1, 2))
    await continuum.status(on_a_plan, "CP", date(2024, 1, 2))
    await continuum.status(in_need, "CIN", date(2024, 1, 2))
    for case in (on_a_plan, in_need, closed):
        await continuum.allocate(case, north, a, date(2024, 1, 3))
    await continuum.close(closed, date(2024, 2, 1))
    held_by_half = await continuum.child_with_case("held by half", date(2024, 1, 2))
    await continuum.allocate(held_by_half, north, half, date(2024, 1, 3))

    figure = await continuum.figure("/caseloads", as_at="2024-03-01")

    workers = {row["worker_id"]: row for row in figure["caseloads"]["workers"]}
    assert (workers[str(a)]["cases"], workers[str(a)]["points"]) == (2, 2.5), "CP weighs 1.5, CIN 1.0"
    assert workers[str(a)]["employment"] == "agency"
    assert workers[str(a)]["capacity_used"] == pytest.approx(2.5 / 18)
    assert figure["caseloads"]["pods"][str(north)]["cases"] == 3
    average = figure["dfe_average_caseload"]
    assert (average["numerator"], average["denominator"], average["average"]) == (3, 1.5, 2.0)


async def test_figures_say_how_fresh_they_are(continuum: Continuum) -> None:
    north = await continuum.pod("North")
    await continuum.worker("A", north)

    freshness = await continuum.settled()

    topics = freshness["figure"]["topics"]
    assert set(topics) == {"allocation.pods", "allocation.workers"}
    assert freshness["figure"]["dead_lettered"] == 0
    response = await continuum.kpi_get("/continuity", measure="dfe", year=YEAR)
    stamp = response.json()["freshness"]
    assert stamp["last_event_time"].endswith(("Z", "+00:00")), "freshness must say its time zone"
    assert date.fromisoformat(stamp["last_event_time"][:10]) >= date.today() - timedelta(days=1)
