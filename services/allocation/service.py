"""The allocation service, declared to the runtime."""

from pathlib import Path

from services.allocation import api, handlers, models
from services.allocation.settings import AllocationSettings
from shared.runtime import Service

service = Service(
    name="allocation",
    title="Allocation",
    description="Pods, workers, children, cases, statuses, allocations, transfers, cover and recalibration.",
    router=api.router,
    metadata=models.Base.metadata,
    migrations=Path(__file__).parent / "migrations",
    settings=AllocationSettings,
    subscriptions=handlers.subscriptions,
)
