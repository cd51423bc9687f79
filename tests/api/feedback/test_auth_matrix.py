"""Who may do what in the feedback service, role by role, for a caller in North (the pod the feedback is about)
and for one in South.

"Allowed" means the request got past access control: a 2xx, or a 4xx about the request itself (a step the
procedure no longer allows after an earlier caller took it), never 401 or 403.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from itertools import count
from typing import Any

import pytest
import pytest_asyncio

from tests.api.feedback.conftest import Api, Town, complaint_body

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROLES = (
    "social_worker",
    "senior_social_worker",
    "social_worker_in_training",
    "business_support",
    "pod_manager",
    "head_of_service",
    "performance_analyst",
    "auditor",
    "feedback_officer",
    "system",
)
POD_PEOPLE = {"social_worker", "senior_social_worker", "social_worker_in_training", "business_support", "pod_manager"}
SEE_ALL = {"feedback_officer", "head_of_service", "system"}
REPORT_READERS = {"feedback_officer", "performance_analyst", "head_of_service", "pod_manager", "system"}
_days = count(1)


@dataclass(frozen=True)
class MatrixTown(Town):
    complaint: str
    action: str
    compliment: str
    children_run: str
    staff_run: str
    closed_run: str


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: Callable[[MatrixTown], str]
    allowed: Callable[[str, bool], bool]
    body: Callable[[MatrixTown], dict[str, Any]] | None = None
    params: dict[str, Any] | None = None


def _reads_pod_feedback(role: str, own: bool) -> bool:
    return role in SEE_ALL or (own and role in POD_PEOPLE)


def _team(role: str, own: bool) -> bool:
    return role == "feedback_officer"


def _answers_staff_survey(role: str, own: bool) -> bool:
    return role in {"feedback_officer", "system", "head_of_service"} or (own and role in POD_PEOPLE)


def _a_day() -> str:
    return f"2025-{1 + next(_days) % 12:02d}-10"


ENDPOINTS = {
    "list complaints": Endpoint("GET", lambda t: "/complaints", lambda role, own: role in SEE_ALL | POD_PEOPLE),
    "read a complaint about North": Endpoint("GET", lambda t: f"/complaints/{t.complaint}", _reads_pod_feedback),
    "read who complained": Endpoint("GET", lambda t: f"/complaints/{t.complaint}/complainant", _team),
    "receive a complaint": Endpoint(
        "POST",
        lambda t: "/complaints",
        lambda role, own: role in {"feedback_officer", "system"},
        body=lambda t: complaint_body(t),
    ),
    "answer a complaint": Endpoint(
        "POST",
        lambda t: f"/complaints/{t.complaint}/responses",
        _team,
        body=lambda t: {"responded_on": "2025-12-30", "outcome": "upheld"},
    ),
    "see what is due": Endpoint("GET", lambda t: "/complaints/due", lambda role, own: role in SEE_ALL | POD_PEOPLE),
    "complete North's learning action": Endpoint(
        "POST",
        lambda t: f"/complaints/{t.complaint}/learning-actions/{t.action}/completion",
        lambda role, own: role in {"feedback_officer", "head_of_service"} or (own and role == "pod_manager"),
        body=lambda t: {"completed_on": "2026-01-05"},
    ),
    "record a compliment for Amy in North": Endpoint(
        "POST",
        lambda t: "/compliments",
        lambda role, own: role in SEE_ALL or (own and role in POD_PEOPLE),
        body=lambda t: {
            "received_on": _a_day(),
            "from_relation": "carer",
            "worker_ids": [t.workers["Amy"]],
            "summary": "Thank you",
        },
    ),
    "read a compliment for North": Endpoint("GET", lambda t: f"/compliments/{t.compliment}", _reads_pod_feedback),
    "start a questionnaire run": Endpoint(
        "POST",
        lambda t: "/questionnaire-runs",
        _team,
        body=lambda t: {"questionnaire_code": "parents", "period_start": "2026-01-05", "period_end": "2026-01-30"},
    ),
    "enter a child's answers": Endpoint(
        "POST",
        lambda t: f"/questionnaire-runs/{t.children_run}/responses",
        lambda role, own: role in {"feedback_officer", "business_support", "system"},
        body=lambda t: {"answered_on": "2026-01-12", "answers": [{"item": "cic_01", "score": 5}]},
    ),
    "answer the staff survey for North": Endpoint(
        "POST",
        lambda t: f"/questionnaire-runs/{t.staff_run}/responses",
        _answers_staff_survey,
        body=lambda t: {
            "pod_id": t.north,
            "answered_on": "2026-01-12",
            "answers": [{"item": "hc_caseload_reasonable", "yes": True}],
        },
    ),
    "read a run's report": Endpoint(
        "GET", lambda t: f"/questionnaire-runs/{t.closed_run}/report", lambda role, own: role in REPORT_READERS
    ),
    "read complaints per quarter": Endpoint(
        "GET", lambda t: "/reports/complaints-received", lambda role, own: role in REPORT_READERS
    ),
    "read compliments per pod": Endpoint(
        "GET", lambda t: "/reports/compliments", lambda role, own: role in REPORT_READERS
    ),
    "list the item banks": Endpoint("GET", lambda t: "/questionnaires", lambda role, own: True),
    "read the audit log": Endpoint("GET", lambda t: "/audit-log", lambda role, own: role == "auditor"),
}


async def _run(api: Api, code: str) -> str:
    body = {"questionnaire_code": code, "period_start": "2026-01-05", "period_end": "2026-01-30"}
    return str((await api.made("/questionnaire-runs", body))["id"])


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def matrix_town(shared_api: Api, shared_town: Town) -> MatrixTown:
    complaint = await shared_api.made("/complaints", complaint_body(shared_town))
    action = await shared_api.made(
        f"/complaints/{complaint['id']}/learning-actions",
        {
            "action": "Say who the next worker is",
            "agreed_on": "2025-12-22",
            "due_on": "2026-03-31",
            "owner_pod_id": shared_town.north,
        },
    )
    compliment = await shared_api.made(
        "/compliments",
        {
            "received_on": "2025-12-01",
            "from_relation": "parent",
            "worker_ids": [shared_town.workers["Amy"]],
            "summary": "Thank you",
        },
    )
    closed_run = await _run(shared_api, "children_in_care_council")
    await shared_api.made(f"/questionnaire-runs/{closed_run}/close", {"closed_on": "2026-01-31"})
    return MatrixTown(
        **asdict(shared_town),
        complaint=complaint["id"],
        action=action["id"],
        compliment=compliment["id"],
        children_run=await _run(shared_api, "children_in_care_council"),
        staff_run=await _run(shared_api, "social_work_health_check"),
        closed_run=closed_run,
    )


@pytest.mark.parametrize("pod", ["own pod", "other pod"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ENDPOINTS))
async def test_access(shared_api: Api, matrix_town: MatrixTown, action: str, role: str, pod: str) -> None:
    endpoint = ENDPOINTS[action]
    own = pod == "own pod"
    headers = shared_api.headers(role, pods=(matrix_town.north if own else matrix_town.south,), subject=f"{role}-{pod}")

    response = await shared_api.client.request(
        endpoint.method,
        f"/feedback/v1{endpoint.path(matrix_town)}",
        json=endpoint.body(matrix_town) if endpoint.body else None,
        params=endpoint.params,
        headers=headers,
    )

    allowed = response.status_code not in (401, 403)
    assert allowed == endpoint.allowed(role, own), (
        f"{role} in {pod}: {action} gave {response.status_code} {response.text[:200]}"
    )
    assert response.status_code < 500


async def test_pod_staff_listing_complaints_see_only_their_pods(shared_api: Api, matrix_town: MatrixTown) -> None:
    south = await shared_api.get("/complaints", shared_api.headers("social_worker", pods=(matrix_town.south,)))
    assert matrix_town.complaint not in south.text


async def test_no_token_is_401_with_a_problem(shared_api: Api) -> None:
    response = await shared_api.client.get("/feedback/v1/complaints")

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_token_without_roles_is_403_on_every_route(shared_api: Api, matrix_town: MatrixTown) -> None:
    nobody = shared_api.headers(pods=(matrix_town.north,), subject="no-roles")
    openapi = (await shared_api.client.get("/feedback/v1/openapi.json")).json()
    routes = [(method.upper(), path) for path, item in openapi["paths"].items() for method in item]

    answers = {}
    for method, path in routes:
        concrete = re.sub(r"\{(\w+)\}", lambda name: str(uuid.uuid4()), path)
        response = await shared_api.client.request(
            method, f"/feedback/v1{concrete}", json={} if method != "GET" else None, headers=nobody
        )
        answers[f"{method} {path}"] = response.status_code

    assert len(answers) > 25
    assert {route: status for route, status in answers.items() if status != 403} == {}
