"""Who may do what, role by role, for a caller in the case's own pod and for one in another pod.

"Allowed" means the request got past access control: a 2xx, or a 4xx about the request itself (a membership
already ended by an earlier caller), never 401 or 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count
from typing import Any

import pytest

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
    "auditor",
    "system",
)
POD_STAFF = {"social_worker", "senior_social_worker", "social_worker_in_training", "business_support"}
SERVICE_WIDE = {"head_of_service", "system"}
_days_back = count(1)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: Callable[[Town], str]
    allowed: Callable[[str, bool], bool]
    body: Callable[[Town], dict[str, Any]] | None = None
    params: dict[str, Any] | None = None


def _court_day(town: Town) -> dict[str, Any]:
    day = (date.today() - timedelta(days=next(_days_back))).isoformat()
    return {"covering_worker_id": town.workers["Ben"], "start_date": day, "end_date": day, "reason": "court"}


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
    "export SSDA903 social worker episodes": Endpoint(
        "GET",
        lambda t: "/exports/ssda903/sw-episodes",
        lambda role, own: role in {"performance_analyst", "head_of_service"},
        params={"year": 2025},
    ),
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
}


@pytest.mark.parametrize("pod", ["own pod", "other pod"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ENDPOINTS))
async def test_access(shared_api: Api, shared_town: Town, action: str, role: str, pod: str) -> None:
    endpoint = ENDPOINTS[action]
    own = pod == "own pod"
    headers = shared_api.headers(role, pods=(shared_town.north if own else shared_town.south,), subject=f"{role}-{pod}")

    response = await shared_api.client.request(
        endpoint.method,
        endpoint.path(shared_town),
        json=endpoint.body(shared_town) if endpoint.body else None,
        params=endpoint.params,
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
