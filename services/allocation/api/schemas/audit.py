"""The audit log as auditors read it."""

from __future__ import annotations

from pydantic import BaseModel

from shared.runtime.bodies import UtcDateTime, response_example


class AuditEntryOut(BaseModel):
    model_config = response_example(
        id=1042,
        at="2016-03-01T09:14:03Z",
        actor="amy.osei",
        role="social_worker",
        action="read",
        resource="case/5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
        child_id="1f2e3d4c-5b6a-4789-8a7b-6c5d4e3f2a1b",
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
