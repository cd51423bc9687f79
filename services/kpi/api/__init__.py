"""The KPI REST API: figures computed from events only, each with its as-at date and freshness."""

from fastapi import APIRouter

from services.kpi.api import continuity, monitoring, monthly_practice, my_work, practice

router = APIRouter()
for module in (continuity, monitoring, monthly_practice, practice, my_work):
    router.include_router(module.router)
