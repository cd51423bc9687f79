"""Who may do what, role by role, for a caller in the pod holding the children (North) and for one in another pod.

"Allowed" means the request got past access control: a 2xx, or a 4xx about the request itself, never 401 or 403.
Performance analysts see no story text; auditors read, never write; business support record correspondence.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

from tests.api.records.conftest import ROLES, Api, Town

pytestmark = pytest.mark.asyncio(loop_scope="module")

POD_STAFF = {"social_worker", "senior_social_worker", "social_worker_in_training", "business_support"}
EVERY_CHILD = {"head_of_service", "system", "auditor"}


def reader(role: str, own: bool) -> bool:
    return role in EVERY_CHILD or (own and role in POD_STAFF | {"pod_manager"})


def writer(role: str, own: bool) -> bool:
    return role == "head_of_service" or (own and role in (POD_STAFF - {"business_support"}) | {"pod_manager"})


def correspondent(role: str, own: bool) -> bool:
    return role == "head_of_service" or (own and role in POD_STAFF | {"pod_manager"})


def manager(role: str, own: bool) -> bool:
    return role == "head_of_service" or (own and role == "pod_manager")


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: Callable[[Town], Awaitable[str]] | Callable[[Town], str]
    allowed: Callable[[str, bool], bool]
    body: Callable[[Town], dict[str, Any]] | None = None
    params: dict[str, Any] | None = None


async def _fresh_note(town: Town) -> str:
    """A completed note about Amy, written by Ann, for a caller to act on once."""
    response = await town.api.client.post("/entries", json=town.note(), headers=town.ann())
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _entered_in_error(town: Town) -> str:
    return f"/entries/{await _fresh_note(town)}/entered-in-error"


ENDPOINTS = {
    "read a child": Endpoint("GET", lambda t: f"/children/{t.id('amy')}", reader),
    "read a child's story": Endpoint("GET", lambda t: f"/children/{t.id('amy')}/story", reader),
    "read a child's chronology": Endpoint("GET", lambda t: f"/children/{t.id('amy')}/chronology", reader),
    "export a child's chronology": Endpoint(
        "GET", lambda t: f"/children/{t.id('amy')}/chronology", reader, params={"format": "csv"}
    ),
    "read an entry": Endpoint("GET", lambda t: f"/entries/{t.id('the note')}", reader),
    "write a visit": Endpoint("POST", lambda t: "/entries", writer, body=lambda t: t.visit()),
    "write a note": Endpoint("POST", lambda t: "/entries", writer, body=lambda t: t.note()),
    "record correspondence": Endpoint(
        "POST", lambda t: "/entries", correspondent, body=lambda t: t.note(entry_type="correspondence")
    ),
    "append to a note": Endpoint(
        "POST", lambda t: f"/entries/{t.id('the note')}/appendments", writer, body=lambda t: {"text": "Mum rang."}
    ),
    "append to correspondence": Endpoint(
        "POST",
        lambda t: f"/entries/{t.id('the letter')}/appendments",
        correspondent,
        body=lambda t: {"text": "Reply sent."},
    ),
    "mark an entry entered in error": Endpoint(
        "POST", _entered_in_error, manager, body=lambda t: {"reason": "recorded on the wrong child"}
    ),
    "read a child's visit clock": Endpoint("GET", lambda t: f"/children/{t.id('amy')}/visits", reader),
    "read a pod's visits due": Endpoint(
        "GET",
        lambda t: f"/pods/{t.north}/visits",
        lambda role, own: role in {"head_of_service", "auditor"} or (own and role in POD_STAFF | {"pod_manager"}),
    ),
    "read a case's summaries": Endpoint(
        "GET", lambda t: f"/cases/{t.id(t.facts.case_of('amy'))}/case-summaries", reader
    ),
    "set a case's summary cadence": Endpoint(
        "PUT", lambda t: f"/cases/{t.id(t.facts.case_of('amy'))}/summary-cadence", manager, body=lambda t: {"weeks": 3}
    ),
    "read a pod's case summaries due": Endpoint(
        "GET",
        lambda t: f"/pods/{t.north}/case-summaries",
        lambda role, own: role in {"head_of_service", "auditor"} or (own and role in POD_STAFF | {"pod_manager"}),
    ),
    "search the stories": Endpoint(
        "GET",
        lambda t: "/search",
        lambda role, own: role in EVERY_CHILD | POD_STAFF | {"pod_manager"},
        params={"q": "attendance"},
    ),
    "search a child's story": Endpoint(
        "GET", lambda t: "/search", reader, params={"q": "attendance", "child_id": "{amy}"}
    ),
    "record an adult": Endpoint(
        "POST",
        lambda t: "/people",
        correspondent,
        body=lambda t: {
            "given_name": "Sara",
            "family_name": "Reed",
            "families": [{"family_id": str(t.id("reed family")), "relationship": "mother"}],
        },
    ),
    "read the adults around a child": Endpoint("GET", lambda t: f"/children/{t.id('amy')}/people", reader),
    "export a child's record": Endpoint(
        "GET",
        lambda t: f"/children/{t.id('amy')}/export",
        lambda role, own: role in {"head_of_service", "auditor"} or (own and role == "pod_manager"),
    ),
    "export a child's record as HTML": Endpoint(
        "GET",
        lambda t: f"/children/{t.id('amy')}/export",
        lambda role, own: role in {"head_of_service", "auditor"} or (own and role == "pod_manager"),
        params={"format": "html"},
    ),
    "read a child's access log": Endpoint(
        "GET",
        lambda t: f"/children/{t.id('amy')}/access-log",
        lambda role, own: role == "auditor" or (own and role == "pod_manager"),
    ),
    "list drafts": Endpoint(
        "GET", lambda t: "/drafts", lambda role, own: role in POD_STAFF | {"pod_manager", "head_of_service"}
    ),
}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def matrix_town(shared_api: Api, shared_town: Town) -> Town:
    note = await shared_api.client.post("/entries", json=shared_town.note(), headers=shared_town.ann())
    letter = await shared_api.client.post(
        "/entries", json=shared_town.note(entry_type="correspondence"), headers=shared_town.ann()
    )
    shared_town.facts.ids["the note"] = uuid.UUID(note.json()["id"])
    shared_town.facts.ids["the letter"] = uuid.UUID(letter.json()["id"])
    return shared_town


@pytest.mark.parametrize("pod", ["own pod", "other pod"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ENDPOINTS))
async def test_access(shared_api: Api, matrix_town: Town, action: str, role: str, pod: str) -> None:
    endpoint = ENDPOINTS[action]
    own = pod == "own pod"
    path = endpoint.path(matrix_town)
    if not isinstance(path, str):
        path = await path
    params = {k: str(matrix_town.id("amy")) if v == "{amy}" else v for k, v in (endpoint.params or {}).items()}
    response = await shared_api.client.request(
        endpoint.method,
        path,
        json=endpoint.body(matrix_town) if endpoint.body else None,
        params=params,
        headers=matrix_town.as_role(role, own=own),
    )

    allowed = response.status_code not in (401, 403)
    assert allowed == endpoint.allowed(role, own), (
        f"{role} in {pod}: {action} gave {response.status_code} {response.text[:300]}"
    )
    assert response.status_code < 500


async def test_no_token_is_401_with_a_problem(shared_api: Api, matrix_town: Town) -> None:
    response = await shared_api.client.get(f"/children/{matrix_town.id('amy')}/story")

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_token_without_roles_is_403_on_every_route(shared_api: Api, matrix_town: Town) -> None:
    ids = {
        "child_id": matrix_town.id("amy"),
        "entry_id": matrix_town.id("the note"),
        "pod_id": matrix_town.north,
        "case_id": matrix_town.id(matrix_town.facts.case_of("amy")),
    }
    nobody = shared_api.headers(pods=(matrix_town.north,), subject="no-roles")
    openapi = (await shared_api.client.get("/openapi.json")).json()
    routes = [(method.upper(), path) for path, item in openapi["paths"].items() for method in item]

    answers = {}
    for method, path in routes:
        concrete = re.sub(r"\{(\w+)\}", lambda name: str(ids.get(name[1], uuid.uuid4())), path)
        response = await shared_api.client.request(
            method, concrete, json={} if method != "GET" else None, headers=nobody
        )
        answers[f"{method} {path}"] = response.status_code

    assert {route: status for route, status in answers.items() if status != 403} == {}


async def test_an_analyst_reads_no_story_text_anywhere(shared_api: Api, matrix_town: Town) -> None:
    analyst = shared_api.headers("performance_analyst", subject="analyst")
    openapi = (await shared_api.client.get("/openapi.json")).json()
    reads = [path for path, item in openapi["paths"].items() if "get" in item]
    ids = {
        "child_id": matrix_town.id("amy"),
        "entry_id": matrix_town.id("the note"),
        "pod_id": matrix_town.north,
        "case_id": matrix_town.id(matrix_town.facts.case_of("amy")),
    }

    texts = []
    for path in reads:
        concrete = re.sub(r"\{(\w+)\}", lambda name: str(ids.get(name[1], uuid.uuid4())), path)
        response = await shared_api.client.get(concrete, headers=analyst)
        if response.status_code < 400:
            texts.append((path, response.text))

    assert [path for path, text in texts if "attendance" in text] == []
