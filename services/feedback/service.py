"""The feedback service, declared to the runtime."""

from pathlib import Path

from services.feedback import api, handlers, models
from services.feedback.settings import FeedbackSettings
from shared.runtime import Service

service = Service(
    name="feedback",
    title="Feedback",
    description=(
        "Complaints through the statutory stages on working-day clocks, compliments, and questionnaires and staff "
        "surveys with anonymous responses."
    ),
    router=api.router,
    metadata=models.Base.metadata,
    migrations=Path(__file__).parent / "migrations",
    settings=FeedbackSettings,
    subscriptions=handlers.subscriptions,
    projections=models.VIEW,
)
