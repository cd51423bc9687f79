"""The supervision service, declared to the runtime."""

from pathlib import Path

from services.supervision import api, handlers, models
from services.supervision.settings import SupervisionSettings
from shared.runtime import Service

service = Service(
    name="supervision",
    title="Supervision",
    description="What the supervision service owns, in one sentence.",
    router=api.router,
    metadata=models.Base.metadata,
    migrations=Path(__file__).parent / "migrations",
    settings=SupervisionSettings,
    subscriptions=handlers.subscriptions,
)
