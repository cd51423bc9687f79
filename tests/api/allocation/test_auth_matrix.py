"""Who may do what, role by role, for a caller in the case's own pod and for one in another pod.

"Allowed" means the request got past access control: a 2xx, or a 4xx about the request itself (a membership
already ended by an earlier caller), never 401 or 403. Besides the town's open case, North also held a case it has
closed (its last pod is North), and a third child's case awaits a pod that no pod is linked to.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from itertools import count
from typing import Any

import pytest
import pytest_asyncio

from tests.api.allocation.conftest import Api, Town

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROLES = (
    "social_worker",
    "senior_social_worker",
    "social_worker_in_training",
    "business_support",
    "pod_manager",
    "head_of_service",
    "performance_analyst",
    "statutory_returns_officer",
    "auditor",
    "system",
)
POD_STAFF = {"social_worker", "senior_social_worker", "social_worker_in_training", "business_support"}
SERVICE_WIDE = {"head_of_service", "system"}
# Child-level statutory returns: the council's statutory returns officer and heads of service, not analysts.
STATUTORY_RETURNS = {"statutory_returns_officer", "head_of_service"}
_days_back = count(1)
NEXT_MONTH = (date.today() + timedelta(days=30)).isoformat()


@dataclass(frozen=True)
class MatrixTown(Town):
    closed_child: str
    closed_case: str
    closed_allocation: str
    awaiting_case: str
    held_case: str
    held_allocation: str


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: Callable[[MatrixTown], str]
    allowed: Callable[[str, bool], bool]
    body: Callable[[MatrixTown], dict[str, Any]] | None = None
    params: dict[str, Any] | None = None


def _pod_reader(role: str, own: bool) -> bool:
    return role in SERVICE_WIDE or (own and role in POD_STAFF | {"pod_manager"})


def _pod_manager(role: str, own: bool) -> bool:
    return role == "head_of_service" or (own and role == "pod_manager")


def _court_day(town: Town) -> dict[str, Any]:
    day = (date.today() - timedelta(days=next(_days_back))).isoformat()
    return {"covering_worker_id": town.workers["Ben"], "start_date": day, "end_date": day, "reason": "court"}


STATUTORY_TABLES = ("sw-episodes", "header", "episodes")


def _statutory_return(table: str) -> Endpoint:
    return Endpoint(
        "GET", lambda t: f"/exports/ssda903/{table}", lambda role, own: role in STATUTORY_RETURNS, params={"year": 2025}
    )


ENDPOINTS = {
    "who to call about a case": Endpoint(
        "GET",
        lambda t: f"/cases/{t.case}/contact",
        lambda role, own: role in SERVICE_WIDE or (own and role in POD_STAFF | {"pod_manager"}),
    ),
    "cover a case": Endpoint(
        "POST",
        lambda t: f"/cases/{t.case}/covers",
        lambda role, own: role == "head_of_service" or (own and role in {"senior_social_worker", "pod_manager"}),
        body=_court_day,
    ),
    "read a worker's caseload": Endpoint(
        "GET",
        lambda t: f"/workers/{t.workers['Amy']}/caseload",
        lambda role, own: role in SERVICE_WIDE or (own and role == "pod_manager"),
    ),
    "list who covers whom in a pod today": Endpoint(
        "GET", lambda t: "/covers", _pod_reader, params={"pod_id": "north"}
    ),
    "list a pod's plans to decide": Endpoint(
        "GET", lambda t: "/rebalancing-plans", _pod_manager, params={"pod_id": "north", "state": "proposed"}
    ),
    "check a pod's composition": Endpoint("GET", lambda t: f"/pods/{t.north}/composition", lambda role, own: True),
    "propose a recalibration": Endpoint(
        "POST",
        lambda t: f"/pods/{t.north}/recalibration",
        lambda role, own: role == "head_of_service" or (own and role == "pod_manager"),
        body=lambda t: {},
    ),
    "record a leaver": Endpoint(
        "POST",
        lambda t: f"/workers/{t.workers['Ben']}/memberships/{t.memberships['Ben']}/end",
        lambda role, own: role in SERVICE_WIDE or (own and role == "pod_manager"),
        body=lambda t: {"end_date": date.today().isoformat()},
    ),
    **{f"export the SSDA903 {table} table (child-level)": _statutory_return(table) for table in STATUTORY_TABLES},
    "read the audit log": Endpoint("GET", lambda t: "/audit-log", lambda role, own: role == "auditor"),
    "read a case's court proceedings": Endpoint(
        "GET",
        lambda t: f"/cases/{t.case}/court-proceedings",
        lambda role, own: role in SERVICE_WIDE or (own and role in POD_STAFF | {"pod_manager"}),
    ),
    "record court proceedings": Endpoint(
        "POST",
        lambda t: f"/cases/{t.case}/court-proceedings",
        lambda role, own: role == "head_of_service" or (own and role in POD_STAFF | {"pod_manager"}),
        body=lambda t: {"start_date": "2024-02-01"},
    ),
    "move a child between families": Endpoint(
        "PUT",
        lambda t: f"/children/{t.child}/family",
        lambda role, own: role in SERVICE_WIDE or (own and role in {"pod_manager", "business_support"}),
        body=lambda t: {"family_id": None},
    ),
    "change a worker's name or employment": Endpoint(
        "PATCH",
        lambda t: f"/workers/{t.workers['Amy']}",
        lambda role, own: role in SERVICE_WIDE or (own and role == "pod_manager"),
        body=lambda t: {"name": "Amy", "employment": "employed"},
    ),
    "read a closed case": Endpoint("GET", lambda t: f"/cases/{t.closed_case}", _pod_reader),
    "read a closed case's statuses": Endpoint("GET", lambda t: f"/cases/{t.closed_case}/statuses", _pod_reader),
    "read a closed case's allocations": Endpoint("GET", lambda t: f"/cases/{t.closed_case}/allocations", _pod_reader),
    "read a closed case's court proceedings": Endpoint(
        "GET", lambda t: f"/cases/{t.closed_case}/court-proceedings", _pod_reader
    ),
    "read a child whose only case is closed": Endpoint("GET", lambda t: f"/children/{t.closed_child}", _pod_reader),
    "correct a closed case's allocation": Endpoint(
        "POST",
        lambda t: f"/cases/{t.closed_case}/allocations/{t.closed_allocation}/corrections",
        _pod_manager,
        body=lambda t: {
            "worker_id": t.workers["Amy"],
            "start_date": "2023-06-01",
            "end_date": "2023-09-01",
            "entered_in_error": False,
            "note": "checked",
        },
    ),
    "take the worker off a case": Endpoint(
        "POST",
        lambda t: f"/cases/{t.held_case}/allocations/{t.held_allocation}/end",
        _pod_manager,
        # The first caller allowed ends it; the next allowed callers are told it has ended (409), not refused.
        body=lambda t: {"end_date": "2024-01-02", "reason": "LEFTRL"},
    ),
    "allocate a case with an SSDA903 reason": Endpoint(
        "POST",
        lambda t: f"/cases/{t.held_case}/allocations",
        _pod_manager,
        # Refused after access control (a date ahead), so the case keeps its state for the next caller.
        body=lambda t: {
            "pod_id": t.north,
            "worker_id": t.workers["Ben"],
            "start_date": NEXT_MONTH,
            "reason": "LEFTRL",
        },
    ),
    "read a case awaiting a pod no pod is linked to": Endpoint(
        "GET", lambda t: f"/cases/{t.awaiting_case}", lambda role, own: role in SERVICE_WIDE
    ),
    "allocate a case awaiting a pod no pod is linked to": Endpoint(
        "POST",
        lambda t: f"/cases/{t.awaiting_case}/allocations",
        lambda role, own: role == "head_of_service",
        # Refused after access control (before the referral), so the case keeps awaiting a pod for the next caller.
        body=lambda t: {"pod_id": t.north, "start_date": "2023-05-01"},
    ),
}


async def _child(api: Api, la_child_id: str) -> str:
    body = {"la_child_id": la_child_id, "given_name": "Lea", "family_name": "Hart", "date_of_birth": "2012-02-02"}
    return str((await api.made("/children", {**body, "sex": "F"}))["id"])


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def matrix_town(shared_api: Api, shared_town: Town) -> MatrixTown:
    closed_child = await _child(shared_api, "C0901")
    closed_case = (
        await shared_api.made(f"/children/{closed_child}/cases", {"referral_date": "2023-06-01", "source": "school"})
    )["id"]
    closed_held = await shared_api.made(
        f"/cases/{closed_case}/allocations",
        {"pod_id": shared_town.north, "worker_id": shared_town.workers["Amy"], "start_date": "2023-06-01"},
    )
    await shared_api.made(f"/cases/{closed_case}/close", {"closed_on": "2023-09-01", "reason": "RC8"})
    awaiting_child = await _child(shared_api, "C0902")
    awaiting_case = (
        await shared_api.made(f"/children/{awaiting_child}/cases", {"referral_date": "2023-06-01", "source": "police"})
    )["id"]
    held_child = await _child(shared_api, "C0903")
    held_case = (
        await shared_api.made(f"/children/{held_child}/cases", {"referral_date": "2023-06-01", "source": "school"})
    )["id"]
    held = await shared_api.made(
        f"/cases/{held_case}/allocations",
        {"pod_id": shared_town.north, "worker_id": shared_town.workers["Amy"], "start_date": "2023-06-01"},
    )
    return MatrixTown(
        **asdict(shared_town),
        held_case=held_case,
        held_allocation=held["id"],
        closed_child=closed_child,
        closed_case=closed_case,
        closed_allocation=closed_held["id"],
        awaiting_case=awaiting_case,
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
        endpoint.path(matrix_town),
        json=endpoint.body(matrix_town) if endpoint.body else None,
        params={k: matrix_town.north if v == "north" else v for k, v in (endpoint.params or {}).items()},
        headers=headers,
    )

    allowed = response.status_code not in (401, 403)
    expected = endpoint.allowed(role, own)
    assert allowed == expected, f"{role} in {pod}: {action} gave {response.status_code} {response.text[:200]}"
    assert response.status_code < 500


async def test_no_token_is_401_with_a_problem(shared_api: Api, shared_town: Town) -> None:
    response = await shared_api.client.get(f"/cases/{shared_town.case}/contact")

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_token_without_roles_is_403_on_every_route(shared_api: Api, matrix_town: MatrixTown) -> None:
    ids = {
        "pod_id": matrix_town.north,
        "worker_id": matrix_town.workers["Amy"],
        "case_id": matrix_town.case,
        "child_id": matrix_town.child,
    }
    nobody = shared_api.headers(pods=(matrix_town.north,), worker=matrix_town.workers["Amy"], subject="no-roles")
    openapi = (await shared_api.client.get("/openapi.json")).json()
    routes = [(method.upper(), path) for path, item in openapi["paths"].items() for method in item]

    answers = {}
    for method, path in routes:
        concrete = re.sub(r"\{(\w+)\}", lambda name: ids.get(name[1], str(uuid.uuid4())), path)
        response = await shared_api.client.request(
            method, concrete, json={} if method != "GET" else None, headers=nobody
        )
        answers[f"{method} {path}"] = response.status_code

    assert len(answers) > 30
    assert {route: status for route, status in answers.items() if status != 403} == {}
