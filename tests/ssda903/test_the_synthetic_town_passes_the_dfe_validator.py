"""The synthetic town's own SSDA903 returns, run through the DfE's validator with the social worker rules: a history
the generator writes through the allocation commands, years of it, not one made by hand for the test. Every flag
the validator still raises must be one of its own readings explained in docs/ssda903.md (each reproduced by hand in
test_what_the_validator_flags_although_the_guidance_is_followed.py), named by its rule and reason."""

from __future__ import annotations

import asyncio
import csv
import json
import subprocess
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

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


# The validator's own readings (docs/ssda903.md): the only flags a return that follows the guidance still gets.
KNOWN_BEFORE_CARE = "SW12: a social worker episode began before care, as the guidance wants it reported"
AFTER_A_CHANGE_OF_LEGAL_STATUS = "SW12: the open episode after a change of legal status (RNE L, REC blank)"
LEFT_CARE_IN_THE_YEAR = (
    "SW12: a child who left care in the year, whom SWEpisodes leaves out (not looked after on 31 March)"
)


def _rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(newline="") as rows:
        return list(csv.DictReader(rows))


def _day(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y")


def _reason(error: dict[str, Any], episodes: list[dict[str, str]], sw_episodes: list[dict[str, str]]) -> str:
    """Why SW12 flagged an Episodes row, by the rule's own arithmetic; anything else is unexplained."""
    if error["rule"] != "SW12STG2" or error["table"] != "Episodes":
        return f"unexplained: {error['rule']} on {error['table']} row {error['row']}"
    episode = episodes[error["row"]]
    workers = [row for row in sw_episodes if row["CHILD"] == episode["CHILD"]]
    open_on_31_march = any(row["CHILD"] == episode["CHILD"] and not row["DEC"] for row in episodes)
    if not workers and episode["DEC"] and not open_on_31_march:
        return LEFT_CARE_IN_THE_YEAR
    if workers and episode["RNE"] != "S" and not episode["DEC"]:
        return AFTER_A_CHANGE_OF_LEGAL_STATUS
    before_care = [row for row in workers if _day(row["SW_DECOM"]) < _day(episode["DECOM"])]
    if episode["RNE"] == "S" and episode["REC"] in ("", "X1") and before_care:
        return KNOWN_BEFORE_CARE
    return f"unexplained: SW12 on {episode}"


def _flags(validator: Path, ruleset: str, folder: Path) -> Counter[str]:
    """Each flag's reason (see _reason), counted."""
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
    assert report["tables"]["SWEpisodes"]["rows"] > 50, "the town's return has too few social worker episodes"
    episodes, sw_episodes = _rows(folder, "episodes"), _rows(folder, "sw_episodes")
    return Counter(_reason(error, episodes, sw_episodes) for error in report["errors"])


@pytest.mark.parametrize(("year", "ruleset"), [(2025, "lac2024_25"), (2026, "lac2025_26")])
def test_the_towns_return_raises_no_social_worker_flag_but_the_validators_own_readings(
    validator: Path, returns: dict[int, Path], year: int, ruleset: str
) -> None:
    flags = _flags(validator, ruleset, returns[year])

    assert set(flags) == {KNOWN_BEFORE_CARE, AFTER_A_CHANGE_OF_LEGAL_STATUS, LEFT_CARE_IN_THE_YEAR}, flags
