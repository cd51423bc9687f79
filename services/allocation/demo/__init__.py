"""The synthetic council: a deterministic history of pods, workers, children, cases, statuses, allocations,
transfers and cover, written through the service's own commands so every fact leaves through the outbox.

A day of commands shares one unit of work: the town keeps the rows it works on, the commands check their rules
against the collections already in memory, and the day is written by one flush and one outbox insert, so the
national size loads in minutes rather than hours.

`python -m services.allocation.demo --size town --seed 2016`; `make run` loads the town into an empty database
when `CONTINUUM_ALLOCATION_DEMO=town`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.allocation.commands.leavers import leave
from services.allocation.commands.recalibration import propose_recalibration
from services.allocation.demo.casework import referrals_today
from services.allocation.demo.council import SIZES, Size
from services.allocation.demo.progress import Progress, progress_bar
from services.allocation.demo.settle import settle_one_child
from services.allocation.demo.staffing import set_up_pods, start_rhythms
from services.allocation.demo.town import Town
from services.allocation.models import Pod, outbox
from services.allocation.settings import AllocationSettings

if TYPE_CHECKING:
    from shared.runtime.runner import ServiceRuntime

SETTLE_BATCH = 200


@dataclass(frozen=True, slots=True)
class Summary:
    pods: int
    workers: int
    children: int
    cases: int
    open_cases: int


async def generate(
    sessions: async_sessionmaker[AsyncSession],
    size: Size,
    seed: int,
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Writes the council's history into an empty database, committing a day (or a batch) at a time."""
    report = progress or (lambda _stage, _done, _total: None)
    async with sessions() as session:
        town = Town(session, size, seed, today or date.today())
        async with outbox.deferred(session):
            await set_up_pods(town)
        await session.commit()
        for first in range(0, size.open_children, SETTLE_BATCH):
            batch = range(first, min(first + SETTLE_BATCH, size.open_children))
            async with outbox.deferred(session):
                for _ in batch:
                    await settle_one_child(town)
            await session.commit()
            town.saved()
            report("settling the open caseload", batch.stop, size.open_children)
        for pod in town.staff:
            for staff in pod:
                start_rhythms(town, staff)
        days = (town.today - town.start).days
        for elapsed in range(1, days + 1):
            town.day = town.start + timedelta(days=elapsed)
            async with outbox.deferred(session):
                await town.run_day()
                await referrals_today(town)
            await session.commit()
            town.saved()
            report("two years of history", elapsed, days)
        async with outbox.deferred(session):
            await _leave_something_to_decide(town)
        await session.commit()
        workers = sum(len(pod) for pod in town.staff)
        return Summary(len(town.pods), workers, len(town.kids), town.cases, town.open_cases())


async def _leave_something_to_decide(town: Town) -> None:
    """A worker handing in their notice and an overloaded pod: plans proposed today, for a manager to decide."""
    settings = AllocationSettings()
    policy, threshold = settings.caseload_policy(), settings.approval_threshold
    busiest = max(range(len(town.pods)), key=lambda pod: (sum(len(s.cases) for s in town.staff[pod]), -pod))
    pod_id = town.pods[busiest].id
    await propose_recalibration(
        town.session, pod_id, across_pods=False, policy=policy, approval_threshold=threshold, proposed_by="demo"
    )
    leaver = max(town.staff[busiest], key=lambda staff: (len(staff.cases), -staff.number))
    notice = town.today + timedelta(days=28)
    await leave(
        town.session,
        leaver.membership,
        end_date=notice,
        policy=policy,
        approval_threshold=threshold,
        proposed_by="demo",
    )


async def load_demo_if_empty(runtime: ServiceRuntime) -> None:
    """For `Service.on_start`: loads the synthetic town when `CONTINUUM_ALLOCATION_DEMO=town` and no pod exists."""
    settings = AllocationSettings()
    if settings.demo == "none":
        return
    async with runtime.sessions() as session:
        if await session.scalar(sa.select(Pod.id).limit(1)) is not None:
            return
    with progress_bar() as progress:
        await generate(runtime.sessions, SIZES[settings.demo], settings.demo_seed, progress=progress)
