"""The records service, declared to the runtime."""

from pathlib import Path

from services.records import api, handlers, models
from services.records.settings import RecordsSettings
from shared.runtime import Service

service = Service(
    name="records",
    title="Records",
    description="The child's one story: entries written once for many, visits, case summaries, the automatic "
    "chronology, search, subject access and the access log.",
    router=api.router,
    metadata=models.Base.metadata,
    migrations=Path(__file__).parent / "migrations",
    settings=RecordsSettings,
    subscriptions=handlers.subscriptions,
    projections=models.PROJECTIONS,
)
