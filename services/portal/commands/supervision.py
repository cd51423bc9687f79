"""Running a group supervision session through the supervision API: schedule it, record who came, record each
case discussion, sign it off. `key`: a double click does it once (Idempotency-Key)."""

from __future__ import annotations

from typing import Any

from services.portal.backend import Backend


async def schedule(backend: Backend, pod_id: str, body: dict[str, Any], key: str) -> dict[str, Any]:
    made: dict[str, Any] = await backend.post(
        "supervision", f"/pods/{pod_id}/sessions", body, headers={"Idempotency-Key": key}
    )
    return made


async def hold(backend: Backend, session_id: str, body: dict[str, Any], key: str) -> None:
    await backend.post("supervision", f"/sessions/{session_id}/held", body, headers={"Idempotency-Key": key})


async def record_discussion(backend: Backend, session_id: str, body: dict[str, Any], key: str) -> dict[str, Any]:
    recorded: dict[str, Any] = await backend.post(
        "supervision", f"/sessions/{session_id}/discussions", body, headers={"Idempotency-Key": key}
    )
    return recorded


async def sign_off(backend: Backend, session_id: str, version: str, key: str) -> None:
    headers = {"Idempotency-Key": key, **({"If-Match": version} if version else {})}
    await backend.request("POST", "supervision", f"/sessions/{session_id}/sign-off", headers=headers)


async def close_action(
    backend: Backend, action_id: str, closing: str, body: dict[str, Any], key: str
) -> dict[str, Any]:
    """`closing`: `complete` or `cancel` (the supervision API's two ways an open action ends)."""
    closed: dict[str, Any] = await backend.post(
        "supervision", f"/actions/{action_id}/{closing}", body, headers={"Idempotency-Key": key}
    )
    return closed
