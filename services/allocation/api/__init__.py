"""The allocation REST API: thin routes that check access, call a command or query, audit, and commit."""

from fastapi import APIRouter

from services.allocation.api import cases, children, pods, transfers, workers

router = APIRouter()
for module in (pods, workers, children, cases, transfers):
    router.include_router(module.router)
