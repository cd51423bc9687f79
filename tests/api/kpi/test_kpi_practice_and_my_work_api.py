"""The practice measures and "my work" over HTTP: who may read what (role x own or other pod), bad input a 4xx
naming the field, and every figure stamped with its numerator, denominator, cohort, as-at date and freshness."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from services.kpi.service import service as kpi_service
from shared.auth.tokens import mint_development_token
from shared.problems import PROBLEM_JSON
from tests.api.kpi.conftest import TwoPods
from tests.flows.kpi.in_process import Continuum, Query

pytestmark = pytest.mark.asyncio(loop_scope="module")
MEASURES: list[tuple[str, Query]] = [
    ("/visits", {"as_at": "2024-03-31"}),
    ("/case-summaries", {"as_at": "2024-03-31"}),
    ("/supervision", {"as_at": "2024-03-31"}),
    ("/complaints", {"quarter": "2024-Q1"}),
    ("/compliments", {"quarter": "2024-Q1"}),
    ("/questionnaires", {}),
    ("/practice-quality", {"quarter": "2024-Q1"}),
]
CASE_HOLDERS = ("social_worker", "senior_social_worker", "social_worker_in_training")


async def _as(
    continuum: Continuum,
    role: str,
    *,
    pods: tuple[uuid.UUID, ...] = (),
    worker: uuid.UUID | str | None = None,
    **params: str,
) -> httpx.Response:
    token = mint_development_token(
        continuum.settings,
        subject=f"{role}-tester",
        roles=[role],
        pods=[str(pod) for pod in pods],
        worker_id=str(worker) if worker else None,
        lifetime_seconds=600,
    )
    return await continuum.client.get(
        "/kpi/v1/my-work", params={"as_at": "2024-03-31", **params}, headers={"Authorization": f"Bearer {token}"}
    )


async def _amys_worker(two_pods: TwoPods) -> str:
    """C, who holds Amy (North's one case) at the year end: read from the caseloads figure."""
    caseloads = await two_pods.continuum.kpi_get("/caseloads", as_at="2024-03-31")
    workers = caseloads.json()["figure"]["caseloads"]["workers"]
    (holder,) = [w["worker_id"] for w in workers if w["cases"] == 1 and str(two_pods.north) in w["pod_ids"]]
    return str(holder)


async def test_the_practice_measures_need_a_token_and_an_aggregate_reader(continuum: Continuum) -> None:
    for path, params in MEASURES:
        anonymous = await continuum.client.get(f"/kpi/v1{path}", params=params)
        assert anonymous.status_code == 401, path
        for role in (*CASE_HOLDERS, "business_support", "auditor"):
            refused = await continuum.kpi_get(path, role, query=params)
            assert refused.status_code == 403, f"{role} reading {path}"
            assert refused.headers["content-type"] == PROBLEM_JSON


async def test_each_measure_is_stamped_with_as_at_freshness_and_its_shares(two_pods: TwoPods) -> None:
    for role in ("performance_analyst", "pod_manager", "head_of_service"):
        for path, params in MEASURES:
            response = await two_pods.continuum.kpi_get(path, role, pods=(two_pods.north,), query=params)

            assert response.status_code == 200, f"{role} {path}: {response.text}"
            assert {"as_at", "computed_at", "freshness", "figure"} <= set(response.json())
    visits = (await two_pods.continuum.kpi_get("/visits", as_at="2024-03-31")).json()["figure"]
    assert visits["children"] == 2  # Amy (CP and CLA) and Ben (CLA), neither visited
    assert visits["overdue"] == {"numerator": 2, "denominator": 2, "ratio": 1.0, "percent": 100}
    assert visits["cohort"] == "open_cin_cp_cla"
    assert "rows" not in visits


async def test_a_worker_sees_their_own_work_from_their_token(two_pods: TwoPods) -> None:
    worker = await _amys_worker(two_pods)

    response = await _as(two_pods.continuum, "social_worker", pods=(two_pods.north,), worker=worker)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["scope"] == {"worker_id": worker, "pod_id": None}
    figure = body["figure"]
    assert figure["caseload"]["cases"] == 1
    assert [row["child_id"] for row in figure["visits"]["not_seen_within_interval"]] == [str(two_pods.amy)]
    assert figure["continuity"]["three_or_more_workers"] == 1  # A, B, then C in the year
    assert figure["supervision"]["discussed"]["discussed_within_interval"]["denominator"] == 1


MATRIX: list[tuple[str, str, int, str | None]] = [
    # role, which pod is asked for (none: own work), status, the field a refusal names
    *((role, "none", 200, None) for role in CASE_HOLDERS),
    *((role, "own", 403, "pod") for role in CASE_HOLDERS),
    *((role, "other", 403, "pod") for role in CASE_HOLDERS),
    ("pod_manager", "none", 200, None),
    ("pod_manager", "own", 200, None),
    ("pod_manager", "other", 403, "pod"),
    ("head_of_service", "own", 200, None),
    ("head_of_service", "other", 200, None),
    ("performance_analyst", "none", 403, None),
    ("performance_analyst", "own", 403, None),
    ("business_support", "none", 403, None),
    ("auditor", "none", 403, None),
]


@pytest.mark.parametrize(("role", "asks_for", "status", "field"), MATRIX)
async def test_who_sees_whose_work(two_pods: TwoPods, role: str, asks_for: str, status: int, field: str | None) -> None:
    worker = await _amys_worker(two_pods)
    pod = {"own": two_pods.north, "other": two_pods.south}.get(asks_for)
    params = {"pod": str(pod)} if pod else {}

    response = await _as(two_pods.continuum, role, pods=(two_pods.north,), worker=worker, **params)

    assert response.status_code == status, response.text
    if field:
        assert [error["field"] for error in response.json()["errors"]] == [field]
    if status == 200 and pod:
        assert response.json()["scope"] == {"worker_id": None, "pod_id": str(pod)}


async def test_a_token_without_a_worker_id_has_no_own_work(two_pods: TwoPods) -> None:
    response = await _as(two_pods.continuum, "social_worker", pods=(two_pods.north,))

    assert response.status_code == 403
    assert [error["field"] for error in response.json()["errors"]] == ["worker_id"]


async def test_the_children_shown_in_my_work_are_in_the_audit_log(two_pods: TwoPods) -> None:
    worker = await _amys_worker(two_pods)
    await _as(two_pods.continuum, "social_worker", pods=(two_pods.north,), worker=worker)

    audit_log = kpi_service.tables.audit_log
    query = sa.select(audit_log.c.action, audit_log.c.child_id).where(
        audit_log.c.resource == f"kpi/my-work?worker {worker}"
    )
    async with two_pods.continuum.kpi.engine.connect() as connection:
        entries = (await connection.execute(query)).all()
    assert ("read", str(two_pods.amy)) in entries


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        pytest.param("/complaints", {"quarter": "2024-Q5"}, "quarter", id="quarter-five"),
        pytest.param("/complaints", {}, "quarter", id="quarter-missing"),
        pytest.param("/practice-quality", {"quarter": "0001-Q1"}, "quarter", id="quarter-in-year-one"),
        pytest.param("/visits", {"as_at": "2024-02-30"}, "as_at", id="no-such-day"),
        pytest.param("/visits", {"pod_id": "north"}, "pod_id", id="pod-not-an-id"),
        pytest.param("/supervision", {"as_at": "1066-10-14"}, "as_at", id="before-the-records"),
        pytest.param("/questionnaires", {"run_id": "x"}, "run_id", id="run-not-an-id"),
        pytest.param("/my-work", {"pod": "north"}, "pod", id="my-pod-not-an-id"),
    ],
)
async def test_bad_input_is_a_422_naming_the_field(continuum: Continuum, path: str, params: Query, field: str) -> None:
    response = await continuum.kpi_get(path, query=params)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    named: list[Any] = [error["field"] for error in response.json()["errors"]]
    assert any(name.split(".")[-1] == field for name in named), f"expected {field!r} among {named}"


async def test_monthly_practice_columns_come_as_json_csv_and_xlsx(two_pods: TwoPods) -> None:
    months = {"from": "2024-01", "to": "2024-03"}
    continuum = two_pods.continuum

    as_json = await continuum.kpi_get("/monthly-monitoring/practice", query=months)
    as_csv = await continuum.kpi_get("/monthly-monitoring/practice", query={**months, "format": "csv"})
    as_xlsx = await continuum.kpi_get("/monthly-monitoring/practice", query={**months, "format": "xlsx"})

    assert as_json.status_code == 200, as_json.text
    service = as_json.json()["figure"]["service"]
    assert [month["month_end"] for month in service] == ["2024-01-31", "2024-02-29", "2024-03-31"]
    assert service[-1]["children_visited_for"] == 2
    assert set(as_json.json()["figure"]["pods"]) == {str(two_pods.north), str(two_pods.south)}
    lines = as_csv.text.splitlines()
    assert lines[0].startswith("scope,month_end,children_visited_for,visits_overdue")
    assert len(lines) == 1 + 3 * 3  # the service and two pods, three months each
    assert as_xlsx.content[:2] == b"PK"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        pytest.param({"from": "2024-13", "to": "2024-03"}, "from", id="month-13"),
        pytest.param({"from": "2024-03", "to": "2024-01"}, "from", id="backwards"),
        pytest.param({"from": "2020-01", "to": "2024-03"}, "to", id="over-24-months"),
        pytest.param({"from": "2024-01"}, "to", id="to-missing"),
    ],
)
async def test_bad_months_are_a_422_naming_the_field(continuum: Continuum, params: Query, field: str) -> None:
    response = await continuum.kpi_get("/monthly-monitoring/practice", query=params)

    assert response.status_code == 422, response.text
    named: list[Any] = [error["field"] for error in response.json()["errors"]]
    assert any(name.split(".")[-1] == field for name in named), f"expected {field!r} among {named}"
