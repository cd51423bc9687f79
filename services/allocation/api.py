"""The allocation REST API. Routes are thin: they check access, call a command or query, and commit."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from pydantic import BaseModel, ConfigDict, Field

from services.allocation import commands, queries
from shared.auth import Principal, Role, require_roles
from shared.runtime.dependencies import SessionDep

router = APIRouter()
Manager = Annotated[Principal, Depends(require_roles(Role.pod_manager, Role.head_of_service))]


class PodIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "Pod 3 (North)"}]})

    name: str = Field(min_length=1, max_length=200)
    created_on: date = Field(default_factory=date.today)


class PodOut(BaseModel):
    id: uuid.UUID
    name: str
    created_on: date


@router.post("/pods", status_code=status.HTTP_201_CREATED, response_model=PodOut, tags=["pods"])
async def create_pod(body: PodIn, session: SessionDep, principal: Manager, response: Response) -> PodOut:
    """Create a pod: a small team that keeps the same social worker with a child and family."""
    pod = await commands.create_pod(session, body.name, body.created_on)
    await session.commit()
    response.headers["Location"] = f"/allocation/v1/pods/{pod.id}"
    return PodOut(id=pod.id, name=pod.name, created_on=pod.created_on)
