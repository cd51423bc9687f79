"""Group supervision through the supervision API, with the names allocation knows: a pod's sessions, one session
with its agenda (each child's name from the pod's children), what was decided and the actions agreed."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from services.portal.backend import Backend
from services.portal.queries.story import optional


@dataclass(frozen=True)
class PodSessions:
    pod: dict[str, Any]
    sessions: list[dict[str, Any]]


async def pod_sessions(backend: Backend, pod_id: str) -> PodSessions:
    pod, sessions = await asyncio.gather(
        backend.get("allocation", f"/pods/{pod_id}"), backend.get("supervision", f"/pods/{pod_id}/sessions", limit=20)
    )
    return PodSessions(pod, sessions["items"])


@dataclass(frozen=True)
class SessionPage:
    session: dict[str, Any]
    version: str
    """The session's ETag: signing off sends it (If-Match), so what is signed is what was read."""
    agenda: dict[str, Any]
    pod: dict[str, Any]
    workers: dict[str, str]
    """The pod's workers by id, in name order."""
    children: dict[str, str]
    """Names of the children on the agenda and discussed: the children the pod holds (one call)."""
    actions: list[dict[str, Any]] | None = None
    """The actions agreed in this session, soonest due first; None if supervision did not answer."""
    actions_unlisted: int = 0
    """Actions the session's discussions count that the pod's list did not reach (past its longest page)."""


ACTIONS_PAGE = 500
"""The supervision API's longest page of a pod's actions: the session's are picked from it (the API has no
filter by session; a session's discussions say how many to expect)."""


async def _none() -> None:
    return None


async def session_page(backend: Backend, session_id: str) -> SessionPage:
    """Five calls, and a sixth (the pod's actions, alongside allocation's) only when the session agreed some."""
    answer, agenda = await asyncio.gather(
        backend.request("GET", "supervision", f"/sessions/{session_id}"),
        backend.get("supervision", f"/sessions/{session_id}/agenda"),
    )
    session = answer.json()
    pod_id = session["pod_id"]
    agreed = sum(d["actions"] for d in session["discussions"])
    asked = optional(backend.get("supervision", f"/pods/{pod_id}/actions", limit=ACTIONS_PAGE)) if agreed else _none()
    pod, workers, held, listed = await asyncio.gather(
        backend.get("allocation", f"/pods/{pod_id}"),
        backend.get("allocation", "/workers", pod_id=pod_id, limit=500),
        backend.get("allocation", "/children", pod_id=pod_id, limit=500),
        asked,
    )
    names = {c["id"]: f"{c['given_name']} {c['family_name']}" for c in held["items"]}
    ordered = dict(sorted(((w["id"], w["name"]) for w in workers["items"]), key=lambda pair: pair[1]))
    actions = (
        None
        if listed is None and agreed
        else [a for a in (listed or {"items": []})["items"] if a["session_id"] == session["id"]]
    )
    unlisted = agreed - len(actions) if actions is not None else 0
    return SessionPage(session, answer.headers.get("etag", ""), agenda, pod, ordered, names, actions, unlisted)


@dataclass(frozen=True)
class DiscussionForm:
    session: dict[str, Any]
    child: dict[str, Any]
    siblings: list[dict[str, Any]]
    """Brothers and sisters also on this session's agenda: a sibling group is discussed once."""
    workers: dict[str, str]


async def discussion_form(backend: Backend, session_id: str, child_id: str) -> DiscussionForm:
    session, agenda, child = await asyncio.gather(
        backend.get("supervision", f"/sessions/{session_id}"),
        backend.get("supervision", f"/sessions/{session_id}/agenda"),
        backend.get("allocation", f"/children/{child_id}"),
    )
    family, workers = await asyncio.gather(
        backend.get("allocation", "/children", family_id=child["family_id"], limit=50),
        backend.get("allocation", "/workers", pod_id=session["pod_id"], limit=500),
    )
    on_agenda = {item["child_id"] for item in agenda["items"] if not item["discussed_in_this_session"]}
    siblings = [c for c in family["items"] if c["id"] != child_id and c["id"] in on_agenda]
    ordered = dict(sorted(((w["id"], w["name"]) for w in workers["items"]), key=lambda pair: pair[1]))
    return DiscussionForm(session, child, siblings, ordered)


@dataclass(frozen=True)
class ActionPage:
    action: dict[str, Any]
    child: dict[str, Any]
    owner: str


async def action_page(backend: Backend, action_id: str) -> ActionPage:
    """The action, its child and who owns it: three calls, the last two together."""
    action = await backend.get("supervision", f"/actions/{action_id}")
    child, owner = await asyncio.gather(
        backend.get("allocation", f"/children/{action['child_id']}"),
        backend.get("allocation", f"/workers/{action['owner_id']}"),
    )
    return ActionPage(action, child, owner["name"])
