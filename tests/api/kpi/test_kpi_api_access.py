"""Who may read which KPI figures: aggregates for analysts and managers, per-child rows only within scope."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from services.kpi.service import service as kpi_service
from shared.problems import PROBLEM_JSON
from tests.api.kpi.conftest import TwoPods
from tests.flows.kpi.in_process import Continuum, Query

AGGREGATES: list[tuple[str, Query]] = [
    ("/continuity", {"measure": "dfe", "year": 2024}),
    ("/continuity", {"measure": "cco", "year": 2024}),
    ("/continuity", {"measure": "local", "from": "2023-04-01", "to": "2024-03-31", "cohort": "cla"}),
    ("/caseloads", {"as_at": "2024-03-31"}),
    ("/monthly-monitoring", {"from": "2023-04", "to": "2024-03"}),
    ("/freshness", {}),
]
CHILDREN: tuple[str, Query] = ("/continuity/children", {"measure": "dfe", "year": 2024})
pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_every_kpi_endpoint_needs_a_bearer_token(continuum: Continuum) -> None:
    for path, params in [*AGGREGATES, CHILDREN]:
        response = await continuum.client.get(f"/kpi/v1{path}", params=params)

        assert response.status_code == 401, path
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.headers["www-authenticate"] == "Bearer"


async def test_a_token_signed_with_another_key_gets_401(continuum: Continuum) -> None:
    forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZXMiOlsic3lzdGVtIl19.c2lnbmF0dXJl"

    response = await continuum.client.get("/kpi/v1/freshness", headers={"Authorization": f"Bearer {forged}"})

    assert response.status_code == 401


async def test_case_workers_and_auditors_do_not_read_kpi_figures(continuum: Continuum) -> None:
    for role in ("social_worker", "senior_social_worker", "social_worker_in_training", "business_support", "auditor"):
        for path, params in [*AGGREGATES, CHILDREN]:
            response = await continuum.kpi_get(path, role, query=params)

            assert response.status_code == 403, f"{role} reading {path}: {response.text}"
            assert response.headers["content-type"] == PROBLEM_JSON


async def test_analysts_and_managers_read_every_aggregate(two_pods: TwoPods) -> None:
    for role in ("performance_analyst", "statutory_returns_officer", "pod_manager", "head_of_service", "system"):
        for path, params in AGGREGATES:
            response = await two_pods.continuum.kpi_get(path, role, pods=(two_pods.north,), query=params)

            assert response.status_code == 200, f"{role} reading {path}: {response.text}"
            body = response.json()
            assert {"as_at", "computed_at", "freshness", "figure"} <= set(body)
            assert "children" not in body["figure"], f"{path} carries per-child rows"


async def test_an_aggregate_names_no_child(two_pods: TwoPods) -> None:
    for path, params in AGGREGATES:
        response = await two_pods.continuum.kpi_get(path, "performance_analyst", query=params)
        assert str(two_pods.amy) not in response.text, f"{path} shows a child's id to an analyst"


async def test_analysts_and_the_statutory_returns_officer_do_not_see_per_child_rows(two_pods: TwoPods) -> None:
    for role in ("performance_analyst", "statutory_returns_officer"):
        response = await two_pods.continuum.kpi_get(CHILDREN[0], role, query=CHILDREN[1])

        assert response.status_code == 403, role


async def test_a_pod_manager_sees_the_children_of_their_own_pod_only(two_pods: TwoPods) -> None:
    continuum, path, params = two_pods.continuum, CHILDREN[0], CHILDREN[1]

    own_pod, other_pod = {"pod_id": str(two_pods.north), **params}, {"pod_id": str(two_pods.south), **params}
    own = await continuum.kpi_get(path, "pod_manager", pods=(two_pods.north,), query=own_pod)
    other = await continuum.kpi_get(path, "pod_manager", pods=(two_pods.north,), query=other_pod)
    unnamed = await continuum.kpi_get(path, "pod_manager", pods=(two_pods.north,), query=params)

    assert own.status_code == 200, own.text
    assert [(row["child_id"], row["worker_count"]) for row in own.json()["figure"]] == [(str(two_pods.amy), 3)]
    assert other.status_code == 403
    assert unnamed.status_code == 403
    assert unnamed.json()["errors"][0]["field"] == "pod_id"


async def test_a_head_of_service_sees_every_childs_row_with_ids_and_no_names(two_pods: TwoPods) -> None:
    response = await two_pods.continuum.kpi_get(CHILDREN[0], "head_of_service", query=CHILDREN[1])

    rows = response.json()["figure"]
    assert {row["child_id"] for row in rows} == {str(two_pods.amy), str(two_pods.ben)}
    assert all(set(row) == {"child_id", "worker_count", "changes", "pod_changes", "workers"} for row in rows)
    assert "Amy" not in response.text


async def test_children_rows_can_be_narrowed_to_three_or_more_workers(two_pods: TwoPods) -> None:
    response = await two_pods.continuum.kpi_get(CHILDREN[0], "head_of_service", query={"min_workers": 3, **CHILDREN[1]})

    assert [row["child_id"] for row in response.json()["figure"]] == [str(two_pods.amy)]


async def test_every_read_of_per_child_rows_is_in_the_audit_log(two_pods: TwoPods) -> None:
    continuum = two_pods.continuum
    headers = continuum.bearer("pod_manager", pods=(two_pods.north,))
    params = {**CHILDREN[1], "pod_id": str(two_pods.north)}

    response = await continuum.client.get(f"/kpi/v1{CHILDREN[0]}", params=params, headers=headers)

    assert response.status_code == 200, response.text
    audit_log = kpi_service.tables.audit_log
    query = sa.select(audit_log.c.actor, audit_log.c.role, audit_log.c.action, audit_log.c.child_id).where(
        audit_log.c.resource == "continuity/children?measure=dfe"
    )
    async with continuum.kpi.engine.connect() as connection:
        entries = (await connection.execute(query)).all()
    assert ("tester", "pod_manager", "read", str(two_pods.amy)) in entries
