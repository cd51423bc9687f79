"""The KPI REST API: figures computed from events only, each with its as-at date and freshness."""

from fastapi import APIRouter

from services.kpi.api import continuity, monitoring, my_work, practice

router = APIRouter()
for module in (continuity, monitoring, practice, my_work):
    router.include_router(module.router)
