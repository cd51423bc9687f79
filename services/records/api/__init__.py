"""The records REST API: each route authorises, makes one command or query call, and presents the result; the
unit of work commits (shared/runtime/http.py)."""

from fastapi import APIRouter

from services.records.api import entries, people, search, story, subject_access, summaries, visits

router = APIRouter()
for module in (entries, story, visits, summaries, search, people, subject_access):
    router.include_router(module.router)
