"""The allocation REST API: each route authorises, makes one command or query call, and presents the result;
the unit of work commits (shared/runtime/http.py)."""

from fastapi import APIRouter

from services.allocation.api import (
    caseloads,
    cases,
    children,
    court,
    covers,
    exports,
    plans,
    pods,
    transfers,
    workers,
)

router = APIRouter()
for module in (pods, workers, children, cases, court, transfers, covers, caseloads, plans, exports):
    router.include_router(module.router)
