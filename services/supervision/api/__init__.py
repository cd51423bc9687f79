"""The supervision REST API: each route authorises, makes one command or query call, and presents the result;
the unit of work commits (shared/runtime/http.py)."""

from fastapi import APIRouter

from services.supervision.api import (
    actions,
    agenda,
    audits,
    counts,
    discussions,
    reflective,
    scaling,
    sessions,
)

router = APIRouter()
for module in (sessions, agenda, discussions, scaling, actions, reflective, audits, counts):
    router.include_router(module.router)
