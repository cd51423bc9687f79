"""The KPI service, declared to the runtime."""

from pathlib import Path

from services.kpi import api, handlers, models
from services.kpi.settings import KpiSettings
from shared.runtime import Service

service = Service(
    name="kpi",
    title="KPI",
    description="Continuity of social worker, caseloads and monthly monitoring, kept current from events.",
    router=api.router,
    metadata=models.Base.metadata,
    migrations=Path(__file__).parent / "migrations",
    settings=KpiSettings,
    subscriptions=handlers.subscriptions,
    projections=models.READ_MODEL,
)
