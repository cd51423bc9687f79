"""Who may do what, role by role, for a caller in the pod's own staff and for one in another pod's.

"Allowed" means the request got past access control: a 2xx, or a 4xx about the request itself (a child discussed
already by an earlier caller, a session signed off by one), never 401 or 403. Pod staff act on their own pod's
sessions; heads of service read every pod's; analysts see counts only; auditors read the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

from tests.api.supervision.conftest import Platform, Town
from tests.api.supervision.steps import Nora, discussion_of

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
POD_TEAM = {"social_worker", "senior_social_worker", "social_worker_in_training", "business_support", "pod_manager"}


@dataclass(frozen=True)
class Record:
    """North's record: a signed-off session (Zoe discussed, an action set) and a held one awaiting sign-off."""

    town: Town
    signed: str
    open: str
    discussion: str
    action: str


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: Callable[[Record], str]
    allowed: Callable[[str, bool], bool]
    body: Callable[[Record], Any] | None = None
    params: dict[str, Any] | None = None


def _reader(role: str, own: bool) -> bool:
    return role == "head_of_service" or (own and role in POD_TEAM)


def _staff(role: str, own: bool) -> bool:
    return own and role in POD_TEAM


def _counter(role: str, own: bool) -> bool:
    return role in {"head_of_service", "performance_analyst"} or (own and role == "pod_manager")


ENDPOINTS = {
    "read a session": Endpoint("GET", lambda r: f"/sessions/{r.signed}", _reader),
    "read a session's agenda": Endpoint("GET", lambda r: f"/sessions/{r.open}/agenda", _reader),
    "read a pod's agenda": Endpoint("GET", lambda r: f"/pods/{r.town.north}/agenda", _reader),
    "list a pod's sessions": Endpoint("GET", lambda r: f"/pods/{r.town.north}/sessions", _reader),
    "schedule a session": Endpoint(
        "POST",
        lambda r: f"/pods/{r.town.north}/sessions",
        _staff,
        body=lambda r: {"kind": "individual", "scheduled_for": "2024-05-07", "supervisee_id": r.town.workers["Amy"]},
    ),
    "set a session's attendees": Endpoint(
        "PUT",
        lambda r: f"/sessions/{r.open}/attendees",
        _staff,
        body=lambda r: {"attendees": [{"worker_id": r.town.workers["Nora"], "role": "facilitator"}]},
    ),
    "record a discussion": Endpoint(
        "POST",
        lambda r: f"/sessions/{r.open}/discussions",
        _staff,
        body=lambda r: discussion_of(r.town, "Max"),
    ),
    "read a discussion": Endpoint("GET", lambda r: f"/discussions/{r.discussion}", _reader),
    "sign a session off": Endpoint(
        "POST", lambda r: f"/sessions/{r.open}/sign-off", lambda role, own: own and role == "pod_manager"
    ),
    "add an addendum": Endpoint(
        "POST", lambda r: f"/sessions/{r.signed}/addenda", _staff, body=lambda r: {"text": "A note after sign-off."}
    ),
    "read a child's scaling": Endpoint("GET", lambda r: f"/children/{r.town.children['Zoe']}/scaling", _reader),
    "read a child's decisions": Endpoint("GET", lambda r: f"/children/{r.town.children['Zoe']}/decisions", _reader),
    "read a child's actions": Endpoint("GET", lambda r: f"/children/{r.town.children['Zoe']}/actions", _reader),
    "read a pod's actions": Endpoint("GET", lambda r: f"/pods/{r.town.north}/actions", _reader),
    "complete an action": Endpoint(
        "POST", lambda r: f"/actions/{r.action}/complete", _staff, body=lambda r: {"completed_on": "2024-03-11"}
    ),
    "record a case audit": Endpoint(
        "POST",
        lambda r: "/case-audits",
        _staff,
        body=lambda r: {
            "child_id": r.town.children["Zoe"],
            "quarter": "2024-Q1",
            "audited_on": "2024-03-20",
            "worker_id": r.town.workers["Amy"],
            "manager_id": r.town.workers["Nora"],
            "grades": {"planning": "good"},
            "overall_grade": "good",
            "done_well": "Zoe's views in her own words.",
            "must_improve": "Timescales slipped.",
        },
    ),
    "draw a pod's audit sample": Endpoint(
        "GET", lambda r: f"/pods/{r.town.north}/case-audits/sample", _staff, params={"quarter": "2024-Q2"}
    ),
    "read a pod's counts": Endpoint("GET", lambda r: "/counts", _counter, params={"pod_id": "north"}),
    "read the quarter's audit report for a pod": Endpoint(
        "GET", lambda r: "/case-audits/report", _counter, params={"quarter": "2024-Q1", "pod_id": "north"}
    ),
    "start a pod's reflective practice group": Endpoint(
        "POST",
        lambda r: "/reflective-groups",
        lambda role, own: role == "head_of_service" or (own and role in {"pod_manager", "senior_social_worker"}),
        body=lambda r: {
            "name": f"Reflection {id(r)}",
            "pod_id": r.town.north,
            "facilitator_id": r.town.workers["Sam"],
            "created_on": "2024-01-08",
        },
    ),
    "read the audit log": Endpoint("GET", lambda r: "/audit-log", lambda role, own: role == "auditor"),
}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def record(shared_platform: Platform, shared_town: Town) -> Record:
    nora = Nora(shared_platform, shared_town)
    signed = await nora.held_session("2024-03-05")
    action = {"description": "Invite the network", "owner_id": shared_town.workers["Amy"], "due_date": "2024-03-15"}
    discussion = await nora.discuss(signed, "Zoe", actions=[action])
    await nora.sign_off(signed)
    opened = await nora.held_session("2024-04-02", "Ben")
    return Record(shared_town, signed["id"], opened["id"], discussion["id"], discussion["actions"][0]["id"])


@pytest.mark.parametrize("pod", ["own pod", "other pod"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ENDPOINTS))
async def test_access(shared_platform: Platform, record: Record, action: str, role: str, pod: str) -> None:
    endpoint = ENDPOINTS[action]
    own = pod == "own pod"
    town = record.town
    headers = shared_platform.headers(role, pods=(town.north if own else town.south,), subject=f"{role}-{pod}")
    params = {k: (town.north if v == "north" else v) for k, v in (endpoint.params or {}).items()}

    response = await shared_platform.client.request(
        endpoint.method,
        f"/supervision/v1{endpoint.path(record)}",
        json=endpoint.body(record) if endpoint.body else None,
        params=params or None,
        headers=headers,
    )

    allowed = response.status_code not in (401, 403)
    assert allowed == endpoint.allowed(role, own), (
        f"{role} in {pod}: {action} gave {response.status_code} {response.text[:200]}"
    )
    assert response.status_code < 500


async def test_the_facilitator_signs_off_though_not_the_pod_manager(
    shared_platform: Platform, shared_town: Town
) -> None:
    nora = Nora(shared_platform, shared_town)
    session = await nora.ok(
        "POST", f"/pods/{shared_town.north}/sessions", {"kind": "group", "scheduled_for": "2024-04-09"}
    )
    sam = shared_town.workers["Sam"]
    await nora.ok(
        "POST",
        f"/sessions/{session['id']}/held",
        {"held_on": "2024-04-09", "attendees": [{"worker_id": sam, "role": "facilitator"}]},
    )
    amy = shared_platform.headers("social_worker", pods=(shared_town.north,), worker=shared_town.workers["Amy"])
    facilitator = shared_platform.headers("senior_social_worker", pods=(shared_town.north,), worker=sam)

    by_amy = await shared_platform.client.post(f"/supervision/v1/sessions/{session['id']}/sign-off", headers=amy)
    by_sam = await shared_platform.client.post(
        f"/supervision/v1/sessions/{session['id']}/sign-off", headers=facilitator
    )

    assert (by_amy.status_code, by_sam.status_code) == (403, 200)


async def test_a_pod_manager_counts_only_their_own_pods(shared_platform: Platform, shared_town: Town) -> None:
    south = shared_platform.headers("pod_manager", pods=(shared_town.south,))

    counts = await shared_platform.client.get("/supervision/v1/counts", headers=south)

    assert counts.status_code == 200
    assert set(counts.json()["pods"]) <= {shared_town.south}


async def test_no_token_is_401_and_a_token_without_roles_is_403_on_every_route(
    shared_platform: Platform, record: Record
) -> None:
    nobody = shared_platform.headers(pods=(record.town.north,), subject="no-roles")
    openapi = (await shared_platform.client.get("/supervision/v1/openapi.json")).json()
    routes = [(method.upper(), path) for path, item in openapi["paths"].items() for method in item]

    answers = {}
    for method, path in routes:
        concrete = path.replace("{session_id}", record.signed).replace("{pod_id}", record.town.north)
        concrete = concrete.replace("{child_id}", record.town.children["Zoe"]).replace("{action_id}", record.action)
        concrete = concrete.replace("{discussion_id}", record.discussion)
        url = f"/supervision/v1{concrete}"
        json: dict[str, Any] | None = {} if method != "GET" else None
        anonymous = await shared_platform.client.request(method, url, json=json)
        answers[f"{method} {path}"] = (
            anonymous.status_code,
            (await shared_platform.client.request(method, url, json=json, headers=nobody)).status_code,
        )

    assert len(answers) >= 30
    assert {route: codes for route, codes in answers.items() if codes != (401, 403)} == {}
