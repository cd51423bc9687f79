"""Facts published by the supervision service. Ids, dates and codes; a decision's own words travel because the
records service writes each decision into the child's one story, so that nobody types it twice."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import Field

from shared.events.base import Event
from shared.events.registry import contract


class _SupervisionEvent(Event):
    producer = "supervision"


class _ChildEvent(_SupervisionEvent):
    topic = "supervision.children"
    key_field = "child_id"


@contract
class SupervisionDecisionRecorded(_ChildEvent):
    """A decision about one child in a supervision session (a sibling group's discussion gives one per child)."""

    decision_id: UUID
    session_id: UUID
    pod_id: UUID
    child_id: UUID
    case_id: UUID | None = Field(default=None, description="The child's case discussed, when the child had one open.")
    decided_on: date
    session_kind: Literal["group", "individual"]
    decision: str = Field(description="The decision as recorded, for the child's story.")
    rationale: str = Field(description="Why, as recorded: a decision always carries its rationale.")
    discussed_by: list[UUID] = Field(default_factory=list, description="The workers present (worker ids).")
