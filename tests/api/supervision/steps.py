"""The steps of a weekly session through the supervision API, as North's pod manager (Nora) unless told."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from tests.api.supervision.conftest import Platform, Town

API = "/supervision/v1"
DECISION = "Convene a family network meeting by 15 March to agree who supervises weekend care."
RATIONALE = "Grandmother is willing and trusted; a plan the family builds is likelier to hold."


@dataclass
class Nora:
    platform: Platform
    town: Town

    @property
    def headers(self) -> dict[str, str]:
        return self.platform.headers(
            "pod_manager", pods=(self.town.north,), worker=self.town.workers["Nora"], subject="nora"
        )

    async def call(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None, **params: Any
    ) -> httpx.Response:
        return await self.platform.client.request(
            method, f"{API}{path}", json=body, headers={**self.headers, **(headers or {})}, params=params or None
        )

    async def ok(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        response = await self.call(method, path, body, **params)
        assert response.status_code in (200, 201), f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def attendees(self, *presenters: str) -> list[dict[str, Any]]:
        people = [{"worker_id": self.town.workers["Nora"], "role": "facilitator"}]
        return people + [{"worker_id": self.town.workers[name], "role": "presenter"} for name in presenters]

    async def held_session(self, day: str, *presenters: str) -> dict[str, Any]:
        session = await self.ok("POST", f"/pods/{self.town.north}/sessions", {"kind": "group", "scheduled_for": day})
        body = {"held_on": day, "attendees": self.attendees(*(presenters or ("Amy",)))}
        held: dict[str, Any] = await self.ok("POST", f"/sessions/{session['id']}/held", body)
        return held

    def discussion(self, *children: str, **fields: Any) -> dict[str, Any]:
        return discussion_of(self.town, *children, **fields)

    async def discuss(self, session: dict[str, Any], *children: str, **fields: Any) -> dict[str, Any]:
        discussed: dict[str, Any] = await self.ok(
            "POST", f"/sessions/{session['id']}/discussions", self.discussion(*children, **fields)
        )
        return discussed

    async def sign_off(self, session: dict[str, Any]) -> dict[str, Any]:
        signed: dict[str, Any] = await self.ok("POST", f"/sessions/{session['id']}/sign-off")
        return signed


def discussion_of(town: Town, *children: str, **fields: Any) -> dict[str, Any]:
    """A discussion's body: the children by name, a decision and its rationale, and any other fields."""
    return {
        "children": [{"child_id": town.children[name]} for name in children],
        "decision": DECISION,
        "rationale": RATIONALE,
        **fields,
    }
