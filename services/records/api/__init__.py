"""The records REST API: each route authorises, makes one command or query call, and presents the result; the
unit of work commits (shared/runtime/http.py)."""

from fastapi import APIRouter

from services.records.api import entries, search, story, summaries, visits

router = APIRouter()
for module in (entries, story, visits, summaries, search):
    router.include_router(module.router)
