"""The supervision service, declared to the runtime."""

from pathlib import Path

from services.supervision import api, handlers, models
from services.supervision.settings import SupervisionSettings
from shared.runtime import Service

service = Service(
    name="supervision",
    title="Supervision",
    description=(
        "Weekly group supervision of a pod: the agenda, case discussions (Signs of Safety mapping, decisions with "
        "their rationale, actions), scaling by voice, sign-off and addenda, reflective practice groups and case "
        "audits."
    ),
    router=api.router,
    metadata=models.Base.metadata,
    migrations=Path(__file__).parent / "migrations",
    settings=SupervisionSettings,
    subscriptions=handlers.subscriptions,
    projections=models.VIEW_OF_ALLOCATION,
)
