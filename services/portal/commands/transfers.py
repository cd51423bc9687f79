"""Confirming a transfer: the allocation service makes it (201) or, above its continuity threshold for the caller,
records a request for a pod manager to approve (202)."""

from __future__ import annotations

from typing import Any

from services.portal.backend import Backend
from services.portal.rules.transfer_form import TransferChoice


async def transfer(backend: Backend, case_id: str, choice: TransferChoice, version: str, key: str) -> dict[str, Any]:
    """`version`: the ETag the user previewed (If-Match); `key`: a double click makes one transfer (Idempotency-Key)."""
    body = {
        "to_worker_id": choice.to_worker_id,
        "reason": choice.reason,
        "effective_date": choice.effective_date.isoformat(),
    }
    answer: dict[str, Any] = await backend.post(
        "allocation", f"/cases/{case_id}/transfers", body, headers={"If-Match": version, "Idempotency-Key": key}
    )
    return answer
