"""The SSDA903 export, run through the DfE's own validator (csc-validator-be-903, in its own virtual
environment): clean histories give no social worker errors, and deliberately bad ones are flagged on the rows
the validator should flag. Histories are written through the allocation commands, as the service writes them."""

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

from services.allocation.commands import allocations, children
from services.allocation.models import Base, Case, Pod, Worker
from services.allocation.queries import ssda903
from services.allocation.service import service
from shared.db import create_engine
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.allocation.council import Council

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "validate903"
IN_CARE_SINCE = date(2023, 6, 1)


@pytest.fixture(scope="module")
def validator() -> Path:
    subprocess.run(["bash", str(TOOL / "setup.sh")], check=True, capture_output=True, timeout=600)
    return TOOL / ".venv" / "bin" / "python"


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Folders of header, episodes and sw_episodes CSVs for the 2024-25 and 2025-26 returns."""
    return asyncio.run(_write_exports(tmp_path_factory.mktemp("ssda903")))


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


async def _in_care(council: Council, la_child_id: str, worker: Worker, pod: Pod, since: date = IN_CARE_SINCE) -> Case:
    child = await council.child(la_child_id=la_child_id, born=date(2012, 5, 14))
    return await council.allocated_case(worker, pod, since=since, child=child, kind="CLA")


async def _histories(council: Council) -> None:
    uow = council.uow
    pod = await council.pod()
    amy, ben, cat = [await council.worker(pod, since=date(2021, 1, 4)) for _ in range(3)]
    agency = await council.worker(pod, since=date(2021, 1, 4), registration_number=None, employment="agency")

    # Clean: changes of worker on the day, first allocation FCONTA, open on 31 March, one spell of care.
    clean = await _in_care(council, "CLEAN1", amy, pod)
    await allocations.transfer(uow, clean, to_worker_id=ben.id, effective_date=date(2024, 9, 2), reason="MANAGE")
    await allocations.transfer(uow, clean, to_worker_id=cat.id, effective_date=date(2025, 7, 1), reason="LEFTRL")
    by_agency = await _in_care(council, "CLEAN2", agency, pod, since=date(2024, 5, 10))
    await allocations.transfer(uow, by_agency, to_worker_id=amy.id, effective_date=date(2025, 1, 15), reason="TSPROC")
    returning = await council.child(la_child_id="CLEAN3", born=date(2010, 2, 1))
    earlier = await council.allocated_case(ben, pod, since=date(2022, 1, 10), child=returning)
    await children.close_case(uow, earlier, closed_on=date(2022, 8, 1), reason="RC7")
    await council.allocated_case(cat, pod, since=date(2023, 9, 1), child=returning, kind="CLA")

    # Bad, by correcting facts: a 21-day gap, an overlap, and (2025-26) no worker open on 31 March.
    gap = await _in_care(council, "GAP1", amy, pod)
    first = await allocations.current_allocation(gap)
    await allocations.transfer(uow, gap, to_worker_id=ben.id, effective_date=date(2024, 10, 1), reason="MANAGE")
    await _correct(uow, gap, first, end_date=date(2024, 9, 10))
    overlap = await _in_care(council, "OVERLAP1", amy, pod)
    first = await allocations.current_allocation(overlap)
    await allocations.transfer(uow, overlap, to_worker_id=ben.id, effective_date=date(2024, 10, 1), reason="MANAGE")
    await _correct(uow, overlap, first, end_date=date(2024, 11, 15))
    unallocated = await _in_care(council, "NOWORKER1", cat, pod)
    await _correct(uow, unallocated, await allocations.current_allocation(unallocated), end_date=date(2026, 1, 15))
    await uow.commit()


async def _correct(uow: UnitOfWork, case: Case, allocation: Any, *, end_date: date) -> None:
    await allocations.correct_allocation(
        uow,
        case,
        allocation,
        worker_id=allocation.worker_id,
        start_date=allocation.start_date,
        end_date=end_date,
        entered_in_error=False,
        note="the worker's dates, as they really were",
    )


def _validate(validator: Path, ruleset: str, folder: Path) -> dict[str, Any]:
    run = subprocess.run(
        [str(validator), str(TOOL / "validate.py"), "--ruleset", ruleset, "--folder", str(folder), "--rules", "SW"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return dict(json.loads(run.stdout))


def _row(folder: Path, child: str, started: str) -> int:
    with (folder / "sw_episodes.csv").open(newline="") as rows:
        for index, row in enumerate(csv.DictReader(rows)):
            if (row["CHILD"], row["SW_DECOM"]) == (child, started):
                return index
    raise AssertionError(f"no SWEpisodes row for {child} starting {started}")


def _found(report: dict[str, Any]) -> set[tuple[str, str, int, str]]:
    return {(e["rule"], e["table"], e["row"], e["child"]) for e in report["errors"]}


def test_2024_25_clean_histories_pass_and_a_gap_or_an_overlap_between_workers_is_flagged(
    validator: Path, exports: dict[int, Path]
) -> None:
    folder = exports[2025]

    report = _validate(validator, "lac2024_25", folder)

    assert set(report["tables"]) == {"Header", "Episodes", "SWEpisodes"}
    assert not [failed for failed in report["rules_failed"] if failed["rule"].startswith("SW")]
    assert _found(report) == {
        ("SW10STG2", "SWEpisodes", _row(folder, "GAP1", "01/10/2024"), "GAP1"),
        ("SW10STG2", "SWEpisodes", _row(folder, "OVERLAP1", "01/10/2024"), "OVERLAP1"),
    }


def test_2025_26_clean_histories_pass_and_a_child_with_no_worker_on_31_march_is_flagged(
    validator: Path, exports: dict[int, Path]
) -> None:
    folder = exports[2026]

    report = _validate(validator, "lac2025_26", folder)

    assert "SW17STG2" in report["rules_run"]
    assert _found(report) == {("SW17STG2", "SWEpisodes", _row(folder, "NOWORKER1", "01/06/2023"), "NOWORKER1")}


def test_the_export_names_agency_workers_without_a_registration_xx_and_reports_only_looked_after_children(
    exports: dict[int, Path],
) -> None:
    with (exports[2025] / "sw_episodes.csv").open(newline="") as rows:
        episodes = list(csv.DictReader(rows))

    agency = next(row["SW_ID"] for row in episodes if row["CHILD"] == "CLEAN2")
    assert agency.startswith("XX")
    assert len(agency) >= 4
    assert {row["CHILD"] for row in episodes} == {"CLEAN1", "CLEAN2", "CLEAN3", "GAP1", "OVERLAP1", "NOWORKER1"}
    assert [row["SW_REASON"] for row in episodes if row["CHILD"] == "CLEAN1"] == ["FCONTA", "MANAGE"]
