"""The feedback REST API: each route authorises, makes one command or query call, and presents the result; the
unit of work commits (shared/runtime/http.py)."""

from fastapi import APIRouter

from services.feedback.api import (
    complaints,
    compliments,
    learning_actions,
    questionnaires,
    reports,
)

router = APIRouter()
for module in (complaints, learning_actions, compliments, questionnaires, reports):
    router.include_router(module.router)
