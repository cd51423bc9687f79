"""Writing into a child's story through the records API: a visit (one entry for every child on it) and a case
summary. `key`: a double click writes one entry (Idempotency-Key)."""

from __future__ import annotations

from typing import Any

from services.portal.backend import Backend


async def write_entry(backend: Backend, body: dict[str, Any], key: str) -> dict[str, Any]:
    written: dict[str, Any] = await backend.post("records", "/entries", body, headers={"Idempotency-Key": key})
    return written


async def append(backend: Backend, entry_id: str, text: str, key: str) -> None:
    await backend.post("records", f"/entries/{entry_id}/appendments", {"text": text}, headers={"Idempotency-Key": key})


async def enter_in_error(backend: Backend, entry_id: str, reason: str, key: str) -> None:
    await backend.post(
        "records", f"/entries/{entry_id}/entered-in-error", {"reason": reason}, headers={"Idempotency-Key": key}
    )


async def revise_draft(backend: Backend, entry_id: str, body: dict[str, Any], version: str) -> dict[str, Any]:
    """The whole draft again, `If-Match` its version as read: of two edits from the same version, one wins."""
    answer = await backend.request("PUT", "records", f"/entries/{entry_id}", body=body, headers={"If-Match": version})
    revised: dict[str, Any] = answer.json()
    return revised
