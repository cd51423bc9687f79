"""The audit log as auditors read it."""

from __future__ import annotations

from pydantic import BaseModel

from shared.runtime.bodies import UtcDateTime, response_example


class AuditEntryOut(BaseModel):
    model_config = response_example(
        id=1042,
        at="2024-03-05T11:14:03Z",
        actor="nora.pm",
        role="pod_manager",
        action="read",
        resource="session/0b9f6c2e-3d4a-4f5b-8c6d-7e8f9a0b1c2d",
        child_id="6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
        request_id="8a1c2d3e-6f70-4b81-9c2d-3e4f5a6b7c8d",
    )
    id: int
    at: UtcDateTime
    actor: str
    role: str
    action: str
    resource: str
    child_id: str | None
    request_id: str | None
