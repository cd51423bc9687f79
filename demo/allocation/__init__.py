"""The synthetic council: a deterministic history of pods, workers, children, cases, statuses, allocations,
transfers and cover, written through the service's own commands so every fact leaves through the outbox.

A day of commands shares one unit of work: the town keeps the rows it works on, the commands check their rules
against the collections already in memory, and the day is written by one flush and one outbox insert, so the
national size loads in minutes rather than hours.

`python -m demo.allocation --size town --seed 2016`; `make run` loads the town into an empty database
when `CONTINUUM_ALLOCATION_DEMO=town`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from demo.allocation.casework import referrals_today
from demo.allocation.council import SIZES, Size
from demo.allocation.progress import Progress, progress_bar
from demo.allocation.settle import settle_one_child
from demo.allocation.staffing import set_up_pods, start_rhythms
from demo.allocation.town import Town
from services.allocation.commands.leavers import leave
from services.allocation.commands.recalibration import propose_recalibration
from services.allocation.models import Pod
from services.allocation.settings import AllocationSettings
from shared.runtime.unit_of_work import UnitOfWork

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


UnitOfWorkFor = Callable[[AsyncSession], UnitOfWork]


async def generate(
    sessions: async_sessionmaker[AsyncSession],
    unit_of_work_for: UnitOfWorkFor,
    size: Size,
    seed: int,
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Writes the council's history into an empty database, committing a day (or a batch) at a time."""
    report = progress or (lambda _stage, _done, _total: None)
    async with sessions() as session:
        uow = unit_of_work_for(session)
        town = Town(uow, size, seed, today or date.today())
        await set_up_pods(town)
        await uow.commit()
        for first in range(0, size.open_children, SETTLE_BATCH):
            batch = range(first, min(first + SETTLE_BATCH, size.open_children))
            for _ in batch:
                await settle_one_child(town)
            await uow.commit()
            town.saved()
            report("settling the open caseload", batch.stop, size.open_children)
        for pod in town.staff:
            for staff in pod:
                start_rhythms(town, staff)
        days = (town.today - town.start).days
        for elapsed in range(1, days + 1):
            town.day = town.start + timedelta(days=elapsed)
            await town.run_day()
            await referrals_today(town)
            await uow.commit()
            town.saved()
            report("two years of history", elapsed, days)
        await _leave_something_to_decide(town)
        await uow.commit()
        workers = sum(len(pod) for pod in town.staff)
        return Summary(len(town.pods), workers, len(town.kids), town.cases, town.open_cases())


async def _leave_something_to_decide(town: Town) -> None:
    """A worker handing in their notice and an overloaded pod: plans proposed today, for a manager to decide."""
    settings = AllocationSettings()
    policy, threshold = settings.caseload_policy(), settings.approval_threshold
    busiest = max(range(len(town.pods)), key=lambda pod: (sum(len(s.cases) for s in town.staff[pod]), -pod))
    pod_id = town.pods[busiest].id
    await propose_recalibration(
        town.uow, pod_id, across_pods=False, policy=policy, approval_threshold=threshold, proposed_by="demo"
    )
    leaver = max(town.staff[busiest], key=lambda staff: (len(staff.cases), -staff.number))
    notice = town.today + timedelta(days=28)
    await leave(
        town.uow,
        leaver.membership,
        end_date=notice,
        policy=policy,
        approval_threshold=threshold,
        proposed_by="demo",
    )


async def load_town_if_empty(runtime: ServiceRuntime, size: str, seed: int) -> None:
    """`make run`: loads the synthetic town into the allocation service when it holds no pod yet."""
    async with runtime.sessions() as session:
        if await session.scalar(sa.select(Pod.id).limit(1)) is not None:
            return
    with progress_bar() as progress:
        await generate(runtime.sessions, runtime.unit_of_work_for, SIZES[size], seed, progress=progress)
