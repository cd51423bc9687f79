"""Bad input is a 422 problem naming the field; monthly monitoring also comes as CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from shared.problems import PROBLEM_JSON
from tests.api.kpi.conftest import TwoPods
from tests.flows.kpi.in_process import Continuum, Query

pytestmark = pytest.mark.asyncio(loop_scope="module")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        pytest.param("/continuity", {"measure": "dfe", "year": 1999}, "year", id="year-before-2000"),
        pytest.param("/continuity", {"measure": "cco", "year": 2101}, "year", id="year-after-2100"),
        pytest.param("/continuity", {"measure": "dfe", "year": "last"}, "year", id="year-not-a-number"),
        pytest.param("/continuity", {"measure": "national"}, "measure", id="unknown-measure"),
        pytest.param("/continuity", {"measure": "local", "cohort": "adopted"}, "cohort", id="unknown-cohort"),
        pytest.param(
            "/continuity", {"measure": "local", "from": "2024-03-01", "to": "2024-01-31"}, "from", id="from-after-to"
        ),
        pytest.param("/continuity", {"measure": "local", "to": "0001-01-01"}, "to", id="to-in-year-one"),
        pytest.param("/continuity", {"measure": "local", "from": "2024-02-30"}, "from", id="no-such-day"),
        pytest.param("/continuity/children", {"measure": "dfe", "year": 1850}, "year", id="children-year"),
        pytest.param("/continuity/children", {"measure": "dfe", "min_workers": -1}, "min_workers", id="min-workers"),
        pytest.param("/caseloads", {"as_at": "9999-12-31"}, "as_at", id="as-at-far-future"),
        pytest.param("/caseloads", {"as_at": "yesterday"}, "as_at", id="as-at-not-a-date"),
        pytest.param("/monthly-monitoring", {"from": "2015-13", "to": "2016-07"}, "from", id="month-13"),
        pytest.param("/monthly-monitoring", {"from": "2015-11", "to": "July"}, "to", id="month-not-a-month"),
        pytest.param("/monthly-monitoring", {"from": "2016-07", "to": "2015-11"}, "from", id="months-reversed"),
        pytest.param("/monthly-monitoring", {"from": "0001-01", "to": "0001-02"}, "from", id="month-in-year-one"),
        pytest.param("/monthly-monitoring", {"from": "1990-01", "to": "2015-01"}, "to", id="over-20-years"),
        pytest.param("/monthly-monitoring", {"to": "2016-07"}, "from", id="from-missing"),
        pytest.param("/monthly-monitoring", {"from": "2015-11", "to": "2016-07", "format": "pdf"}, "format", id="pdf"),
    ],
)
async def test_bad_input_is_a_422_problem_naming_the_field(
    continuum: Continuum, path: str, params: Query, field: str
) -> None:
    response = await continuum.kpi_get(path, query=params)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    named = [error["field"] for error in response.json()["errors"]]
    assert any(name.split(".")[-1] == field for name in named), f"expected {field!r} among {named}"


async def test_monthly_monitoring_as_csv_has_a_row_per_scope_and_month(two_pods: TwoPods) -> None:
    response = await two_pods.continuum.kpi_get(
        "/monthly-monitoring", query={"from": "2024-01", "to": "2024-03"}, format="csv"
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    service = [row for row in rows if row["scope"] == "service"]
    assert [row["month_end"] for row in service] == ["2024-01-31", "2024-02-29", "2024-03-31"]
    assert {row["open_cases"] for row in service} == {"2"}
    assert {row["cp_plans"] for row in service} == {"1"}
    assert {row["looked_after_excluding_uasc"] for row in service} == {"2"}
    assert {row["scope"] for row in rows} == {"service", str(two_pods.north), str(two_pods.south)}


async def test_monthly_monitoring_as_xlsx_reads_back_in_a_spreadsheet(two_pods: TwoPods) -> None:
    response = await two_pods.continuum.client.get(
        "/kpi/v1/monthly-monitoring",
        params={"from": "2024-01", "to": "2024-03"},
        headers={**two_pods.continuum.bearer("performance_analyst"), "Accept": XLSX},
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[:3] == ("scope", "month_end", "open_cases")
    service = [row for row in rows if row[0] == "service"]
    assert [(row[1], row[2]) for row in service] == [
        (datetime(2024, 1, 31), 2),
        (datetime(2024, 2, 29), 2),
        (datetime(2024, 3, 31), 2),
    ]


async def test_monthly_monitoring_as_json_gives_changes_since_the_previous_month_and_the_start(
    two_pods: TwoPods,
) -> None:
    response = await two_pods.continuum.kpi_get("/monthly-monitoring", query={"from": "2023-02", "to": "2023-04"})

    months = response.json()["figure"]["service"]
    assert [month["open_cases"]["count"] for month in months] == [0, 2, 2]
    assert [month["open_cases"]["change_since_previous_month"] for month in months] == [0, 2, 0]
    assert [month["open_cases"]["change_since_start"] for month in months] == [0, 2, 2]
    assert response.json()["as_at"] == "2023-04-30"


async def test_freshness_says_when_and_in_which_zone_the_last_event_was_applied(two_pods: TwoPods) -> None:
    response = await two_pods.continuum.kpi_get("/freshness", "performance_analyst")

    figure = response.json()["figure"]
    assert set(figure["topics"]) == {"allocation.cases", "allocation.pods", "allocation.workers"}
    for topic, mark in figure["topics"].items():
        for moment in (mark["last_event_time"], mark["last_applied_at"]):
            assert datetime.fromisoformat(moment).tzinfo is not None, f"{topic}: {moment} has no time zone"
    assert figure["consumer_lag"] == 0
    assert figure["dead_lettered"] == 0
    assert figure["events_applied"] == await two_pods.continuum.published_by_allocation()


async def test_every_figure_carries_its_numerator_denominator_and_cohort(two_pods: TwoPods) -> None:
    for measure, cohort in (("dfe", "dfe_sw_instability"), ("cco", "cco_stability_index_sw")):
        response = await two_pods.continuum.kpi_get("/continuity", measure=measure, year=2024)

        figure = response.json()["figure"]
        assert (figure["numerator"], figure["denominator"], figure["cohort"]) == (1, 2, cohort), measure
        assert (figure["ratio"], figure["percent"]) == (0.5, 50)
        assert response.json()["as_at"] == "2024-03-31"
