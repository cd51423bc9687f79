"""The allocation service, declared to the runtime."""

from pathlib import Path

from services.allocation import api, handlers, models
from services.allocation.demo import load_demo_if_empty
from services.allocation.settings import AllocationSettings
from shared.runtime import Service
from shared.runtime.runner import ServiceRuntime


async def load_demo_in_the_background(runtime: ServiceRuntime) -> None:
    """`make run` is ready in seconds; the synthetic town fills in behind it."""
    runtime.spawn("demo", load_demo_if_empty(runtime))


service = Service(
    name="allocation",
    title="Allocation",
    description="Pods, workers, children, cases, statuses, allocations, transfers, cover and recalibration.",
    router=api.router,
    metadata=models.Base.metadata,
    tables=models.platform,
    outbox=models.outbox,
    migrations=Path(__file__).parent / "migrations",
    settings=AllocationSettings,
    subscriptions=handlers.subscriptions,
    on_start=load_demo_in_the_background,
)
