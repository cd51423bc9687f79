"""The synthetic town's own SSDA903 returns, run through the DfE's validator with the social worker rules: a history
the generator writes through the allocation commands, years of it, not one made by hand for the test. Every flag
the validator still raises must be one of the findings explained in docs/ssda903.md, named by its rule."""

from __future__ import annotations

import asyncio
import json
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import demo.allocation as town_demo
from demo.allocation.council import SIZES
from services.allocation.models import Base
from services.allocation.queries import ssda903
from services.allocation.service import service
from shared.db import create_engine
from shared.runtime.unit_of_work import UnitOfWork

TOOL = Path(__file__).resolve().parents[2] / "tools" / "validate903"
TOWN = SIZES["town"].scaled(4)
TODAY = date(2026, 11, 30)
"""The day the town's history runs up to: fixed, so the returns are the same on every run."""


@pytest.fixture(scope="module")
def validator() -> Path:
    subprocess.run(["bash", str(TOOL / "setup.sh")], check=True, capture_output=True, timeout=600)
    return TOOL / ".venv" / "bin" / "python"


@pytest.fixture(scope="module")
def returns(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    return asyncio.run(_returns_of_a_generated_town(tmp_path_factory.mktemp("town903")))


def _unit_of_work(session: AsyncSession) -> UnitOfWork:
    return UnitOfWork(session, service.tables, producer="allocation")


async def _returns_of_a_generated_town(directory: Path) -> dict[int, Path]:
    engine = create_engine("sqlite+aiosqlite://")
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    await town_demo.generate(sessions, _unit_of_work, TOWN, seed=903, today=TODAY)
    folders = {}
    async with sessions() as session:
        uow = _unit_of_work(session)
        for year in (2025, 2026):
            folder = directory / f"lac{year - 1}_{year % 100}"
            folder.mkdir()
            for name, build in (
                ("header", ssda903.header),
                ("episodes", ssda903.episodes),
                ("sw_episodes", ssda903.sw_episodes),
            ):
                (folder / f"{name}.csv").write_text((await build(uow, year)).csv)
            folders[year] = folder
    await engine.dispose()
    return folders


def _flags(validator: Path, ruleset: str, folder: Path) -> Counter[str]:
    run = subprocess.run(
        [str(validator), str(TOOL / "validate.py"), "--ruleset", ruleset, "--folder", str(folder), "--rules", "SW"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["rules_failed"] == [], report["rules_failed"]
    assert report["tables"]["SWEpisodes"]["rows"] > 100, "the town's return has too few social worker episodes"
    return Counter(error["rule"] for error in report["errors"])


@pytest.mark.parametrize(("year", "ruleset"), [(2025, "lac2024_25"), (2026, "lac2025_26")])
def test_the_towns_return_raises_no_social_worker_flag(
    validator: Path, returns: dict[int, Path], year: int, ruleset: str
) -> None:
    assert _flags(validator, ruleset, returns[year]) == Counter()
