"""Minimal histories, written through the allocation commands, that follow the DfE's SSDA903 guidance and that the
DfE validator (csc-validator-be-903) flags all the same: one child for each of its readings we keep our export
against (docs/ssda903.md). A child who leaves care during the year is also the check that the social worker
module holds only children looked after on 31 March (SW17 used to flag every such child)."""

from __future__ import annotations

import asyncio
import csv
import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from services.allocation.commands import children
from services.allocation.models import Base
from services.allocation.queries import ssda903
from services.allocation.service import service
from shared.db import create_engine
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.allocation.council import Council

TOOL = Path(__file__).resolve().parents[2] / "tools" / "validate903"


@pytest.fixture(scope="module")
def validator() -> Path:
    subprocess.run(["bash", str(TOOL / "setup.sh")], check=True, capture_output=True, timeout=600)
    return TOOL / ".venv" / "bin" / "python"


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    return asyncio.run(_write_exports(tmp_path_factory.mktemp("readings")))


async def _histories(council: Council) -> None:
    uow = council.uow
    pod = await council.pod()
    worker = await council.worker(pod, since=date(2021, 1, 4))

    # Control: a worker from the day care began, still looked after: nothing to flag.
    await council.allocated_case(
        worker, pod, since=date(2024, 5, 1), child=await _child(council, "CONTROL"), kind="CLA"
    )

    # Known before care: a child in need with a worker from the referral, looked after three months later. The
    # guidance wants that earlier episode reported; SW12 flags the care episode for it.
    known = await council.allocated_case(worker, pod, since=date(2024, 6, 3), child=await _child(council, "KNOWN"))
    need = next(period for period in await known.awaitable_attrs.status_periods if period.kind == "CIN")
    await children.end_status(uow, known, need, end_date=date(2024, 9, 2))
    await children.start_status(
        uow, known, kind="CLA", start_date=date(2024, 9, 2), cp_category=None, legal_status="C1"
    )

    # Interim care order, then the full order: a new 903 episode (RNE L) open on 31 March. SW12 reads its blank
    # REC as "not X1" and its RNE as "not S", so it flags the episode whatever the social worker rows say.
    ordered = await council.allocated_case(
        worker, pod, since=date(2024, 5, 1), child=await _child(council, "ORDERED"), kind="CLA"
    )
    interim = next(period for period in await ordered.awaitable_attrs.status_periods if period.kind == "CLA")
    await children.end_status(uow, ordered, interim, end_date=date(2024, 10, 1))
    await children.start_status(
        uow, ordered, kind="CLA", start_date=date(2024, 10, 1), cp_category=None, legal_status="C2"
    )

    # Looked after on 31 March 2025, home in November 2025 and the case closed: in the 2025-26 Episodes (the 903
    # covers every child looked after in the year) but not in its SWEpisodes (only children looked after on
    # 31 March). SW12 wants social worker rows for the episode that ended.
    home = await council.allocated_case(
        worker, pod, since=date(2023, 6, 1), child=await _child(council, "HOME"), kind="CLA"
    )
    await children.close_case(uow, home, closed_on=date(2025, 11, 14), reason="RC7")
    await uow.commit()


async def _child(council: Council, la_child_id: str) -> Any:
    return await council.child(la_child_id=la_child_id, born=date(2013, 3, 9))


async def _write_exports(directory: Path) -> dict[int, Path]:
    engine = create_engine("sqlite+aiosqlite://")
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    folders = {}
    async with async_sessionmaker(engine, expire_on_commit=False)() as session:
        uow = UnitOfWork(session, service.tables, producer="allocation")
        await _histories(Council(uow))
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


def _rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(newline="") as rows:
        return list(csv.DictReader(rows))


def _flags(validator: Path, ruleset: str, folder: Path) -> set[tuple[str, str, str, str]]:
    """(rule, table, child, the flagged Episodes row's DECOM or SWEpisodes row's SW_DECOM)."""
    run = subprocess.run(
        [str(validator), str(TOOL / "validate.py"), "--ruleset", ruleset, "--folder", str(folder), "--rules", "SW"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report: dict[str, Any] = json.loads(run.stdout)
    assert report["rules_failed"] == []
    tables = {"Episodes": _rows(folder, "episodes"), "SWEpisodes": _rows(folder, "sw_episodes")}
    start = {"Episodes": "DECOM", "SWEpisodes": "SW_DECOM"}
    return {
        (e["rule"], e["table"], e["child"], tables[e["table"]][e["row"]][start[e["table"]]]) for e in report["errors"]
    }


def test_2024_25_flags_a_worker_known_before_care_and_the_episode_after_a_change_of_legal_status(
    validator: Path, exports: dict[int, Path]
) -> None:
    assert _flags(validator, "lac2024_25", exports[2025]) == {
        ("SW12STG2", "Episodes", "KNOWN", "02/09/2024"),
        ("SW12STG2", "Episodes", "ORDERED", "01/10/2024"),
    }


def test_2025_26_also_flags_the_episode_of_a_child_who_left_care_during_the_year(
    validator: Path, exports: dict[int, Path]
) -> None:
    assert _flags(validator, "lac2025_26", exports[2026]) == {
        ("SW12STG2", "Episodes", "KNOWN", "02/09/2024"),
        ("SW12STG2", "Episodes", "ORDERED", "01/10/2024"),
        ("SW12STG2", "Episodes", "HOME", "01/06/2023"),
    }


def test_the_social_worker_module_holds_the_children_looked_after_on_31_march_and_their_episodes_before_care(
    exports: dict[int, Path],
) -> None:
    def children_in(year: int, table: str) -> set[str]:
        return {row["CHILD"] for row in _rows(exports[year], table)}

    assert children_in(2025, "sw_episodes") == {"CONTROL", "KNOWN", "ORDERED", "HOME"}
    assert children_in(2026, "sw_episodes") == {"CONTROL", "KNOWN", "ORDERED"}
    assert children_in(2026, "episodes") == children_in(2026, "header") == {"CONTROL", "KNOWN", "ORDERED", "HOME"}
    assert [row["SW_DECOM"] for row in _rows(exports[2025], "sw_episodes") if row["CHILD"] == "KNOWN"] == ["03/06/2024"]
