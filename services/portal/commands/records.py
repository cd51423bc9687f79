"""Writing into a child's story through the records API: a visit (one entry for every child on it) and a case
summary. `key`: a double click writes one entry (Idempotency-Key)."""

from __future__ import annotations

from typing import Any

from services.portal.backend import Backend


async def write_entry(backend: Backend, body: dict[str, Any], key: str) -> dict[str, Any]:
    written: dict[str, Any] = await backend.post("records", "/entries", body, headers={"Idempotency-Key": key})
    return written
