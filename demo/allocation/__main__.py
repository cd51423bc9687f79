"""`python -m demo.allocation --size town|city|national --seed N [--url DATABASE_URL] [--pods N]`"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from demo.allocation import generate
from demo.allocation.council import SIZES
from demo.allocation.progress import progress_bar
from services.allocation.models import Pod
from services.allocation.service import service
from services.allocation.settings import AllocationSettings
from shared.db import create_engine
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.unit_of_work import UnitOfWork


async def main(url: str, size_name: str, seed: int, pods: int | None) -> None:
    size = SIZES[size_name] if pods is None else SIZES[size_name].scaled(pods)
    engine = create_engine(url)
    try:
        await upgrade_to_head(service, engine)
        sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
        async with sessions() as session:
            if await session.scalar(sa.select(Pod.id).limit(1)) is not None:
                raise SystemExit(f"{url} already holds pods: the synthetic council needs an empty database")
        started = time.perf_counter()
        with progress_bar() as progress:
            summary = await generate(
                sessions, lambda s: UnitOfWork(s, service.tables, producer=service.name), size, seed, progress=progress
            )
        print(
            f"{size_name} (seed {seed}): {summary.pods} pods, {summary.workers} workers, {summary.children} children, "
            f"{summary.cases} cases ({summary.open_cases} open) in {time.perf_counter() - started:.0f} s"
        )
    finally:
        await engine.dispose()


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES), default="town")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--url", default=None, help="database URL; default: the service's, else data/allocation.sqlite")
    parser.add_argument("--pods", type=int, default=None, help="override the number of pods, keeping the rates")
    args = parser.parse_args()
    url = args.url or AllocationSettings().database_url
    if url is None:
        Path("data").mkdir(exist_ok=True)
        url = "sqlite+aiosqlite:///data/allocation.sqlite"
    asyncio.run(main(url, args.size, args.seed, args.pods))


if __name__ == "__main__":
    run()
