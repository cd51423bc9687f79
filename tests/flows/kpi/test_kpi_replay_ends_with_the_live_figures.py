"""Rebuilding the read model from the beginning of the log ends with exactly the figures the live projection shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from services.kpi.queries import figures
from services.kpi.service import service as kpi_service
from services.kpi.settings import KpiSettings
from shared.db import create_engine
from shared.messaging.local import LocalLogTransport
from shared.messaging.local import _log as log
from shared.messaging.local import _offsets as group_offsets
from shared.messaging.replay import NothingToReplay
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.replaying import replay_into
from tests.flows.kpi.in_process import Continuum, Query
from tests.handlers.kpi.deliveries import Facts, kpi_consumer, read_model, rows_of

FIGURES: list[tuple[str, Query]] = [
    ("/continuity", {"measure": "dfe", "year": 2024}),
    ("/continuity", {"measure": "cco", "year": 2024}),
    ("/continuity", {"measure": "local", "from": "2023-04-01", "to": "2024-03-31"}),
    ("/continuity/children", {"measure": "local", "from": "2023-01-01", "to": "2024-06-30", "cohort": "cla"}),
    ("/caseloads", {"as_at": "2024-01-31"}),
    ("/monthly-monitoring", {"from": "2023-01", "to": "2024-06"}),
]


async def _a_year_of_casework(continuum: Continuum) -> None:
    north, south = await continuum.pod("North"), await continuum.pod("South")
    a, b = await continuum.worker("A", north), await continuum.worker("B", south, employment="agency")
    c = await continuum.worker("C", north, role="senior_social_worker", fte=0.8)
    amy = await continuum.child_with_case("amy", date(2023, 2, 1))
    await continuum.status(amy, "CLA", date(2023, 2, 1))
    await continuum.allocate(amy, north, a, date(2023, 2, 2))
    await continuum.transfer(amy, b, date(2023, 6, 1))
    await continuum.transfer(amy, c, date(2023, 10, 2), reason="LEFTRL")
    ben = await continuum.child_with_case("ben", date(2023, 5, 1), uasc=True)
    await continuum.status(ben, "CLA", date(2023, 5, 1), legal_status="V3")
    await continuum.allocate(ben, south, b, date(2023, 5, 2))
    cat = await continuum.child_with_case("cat", date(2023, 7, 1))
    await continuum.status(cat, "CP", date(2023, 7, 1))
    await continuum.allocate(cat, north, c, date(2023, 7, 3))
    await continuum.close(cat, date(2024, 1, 15))
    cover = {"covering_worker_id": str(a), "start_date": "2023-11-06", "end_date": "2023-11-17", "reason": "leave"}
    await continuum.allocation("POST", f"/cases/{amy}/covers", cover)


async def _figures_of(engine: AsyncEngine) -> dict[str, Any]:
    async with async_sessionmaker(engine)() as session:
        found: dict[str, figures.Reckoned[Any]] = {
            "dfe": await figures.dfe(session, 2024, None),
            "cco": await figures.commissioner(session, 2024, None),
            "local": await figures.local(session, date(2023, 4, 1), date(2024, 3, 31), "all", None, None),
            "caseloads": await figures.caseloads(session, date(2024, 1, 31), KpiSettings()),
            "monthly": await figures.monthly(session, (2023, 1), (2024, 6)),
        }
    return {name: figures.plain(reckoned.value) for name, reckoned in found.items()}


async def _api_figures(continuum: Continuum) -> list[Any]:
    await continuum.settled()
    bodies = []
    for path, params in FIGURES:
        response = await continuum.kpi_get(path, query=params)
        assert response.status_code == 200, response.text
        bodies.append(response.json()["figure"])
    return bodies


async def test_a_replay_into_a_fresh_database_ends_with_the_live_figures(continuum: Continuum) -> None:
    await _a_year_of_casework(continuum)
    await continuum.settled()
    live, live_rows = await _figures_of(continuum.kpi.engine), await read_model(continuum.kpi.engine, freshness=False)
    rebuilt = create_engine(f"sqlite+aiosqlite:///{continuum.directory / 'rebuilt.sqlite'}")
    await upgrade_to_head(kpi_service, rebuilt)

    try:
        report = await replay_into(rebuilt, kpi_service, continuum.transport, progress=False, group="kpi-rebuild")

        assert await _figures_of(rebuilt) == live
        assert await read_model(rebuilt, freshness=False) == live_rows
        staged = await continuum.published_by_allocation()
        assert (report.events_at_start, report.events_read) == (staged, staged)
        assert report.events_applied == staged - 1, "every event but the cover takes effect"
        assert report.events_per_second > 0
    finally:
        await rebuilt.dispose()
    assert await _committed(continuum, "kpi-rebuild") == await _last_offsets(continuum), "offsets committed at the end"


async def _committed(continuum: Continuum, group: str) -> dict[str, int]:
    query = sa.select(group_offsets.c.topic, group_offsets.c.committed).where(group_offsets.c.group_id == group)
    async with continuum.transport.engine.connect() as connection:
        return {topic: offset for topic, offset in await connection.execute(query)}


async def _last_offsets(continuum: Continuum) -> dict[str, int]:
    query = sa.select(log.c.topic, sa.func.max(log.c.offset)).group_by(log.c.topic)
    async with continuum.transport.engine.connect() as connection:
        return {topic: offset for topic, offset in await connection.execute(query)}


async def test_a_replay_in_place_while_the_service_is_stopped_ends_with_the_same_figures(continuum: Continuum) -> None:
    await _a_year_of_casework(continuum)
    before = await _api_figures(continuum)
    applied_before = (await continuum.settled())["figure"]["events_applied"]
    await continuum.stop()

    await _replay_in_place(continuum)
    await continuum.start()

    assert await _api_figures(continuum) == before
    assert (await continuum.settled())["figure"]["events_applied"] == applied_before, "nothing applied twice"


async def test_the_service_carries_on_from_where_a_replay_stopped(continuum: Continuum) -> None:
    north = await continuum.pod("North")
    a, d = await continuum.worker("A", north), await continuum.worker("D", north)
    amy = await continuum.child_with_case("amy", date(2023, 2, 1))
    await continuum.status(amy, "CLA", date(2023, 2, 1))
    await continuum.allocate(amy, north, a, date(2023, 2, 2))
    await continuum.settled()
    await continuum.stop()
    await _replay_in_place(continuum)
    await continuum.start()

    await continuum.transfer(amy, d, date(2023, 9, 1))
    await continuum.settled()

    response = await continuum.kpi_get("/continuity/children", measure="dfe", year=2024)
    assert [row["worker_count"] for row in response.json()["figure"]] == [2], "the transfer after the replay counts"
    assert await continuum.consumed_by_kpi() == await continuum.published_by_allocation()


async def test_a_replay_of_an_empty_log_leaves_the_read_model_alone_unless_told(tmp_path: Path) -> None:
    transport = LocalLogTransport(f"sqlite+aiosqlite:///{tmp_path / 'empty-events.sqlite'}")
    await transport.start()
    facts = Facts()
    try:
        async with kpi_consumer() as kpi:
            await kpi.deliver_events(facts.pod("pod north"))
            before = await read_model(kpi.engine)

            with pytest.raises(NothingToReplay):
                await replay_into(kpi.engine, kpi_service, transport, progress=False, allow_empty=False)
            assert await read_model(kpi.engine) == before

            report = await replay_into(kpi.engine, kpi_service, transport, progress=False)
            assert report.events_read == 0
            assert await read_model(kpi.engine) == {name: [] for name in before}
            assert await rows_of(kpi.engine, kpi_service.tables.inbox) == []
    finally:
        await transport.stop()


async def _replay_in_place(continuum: Continuum) -> None:
    """`python -m services replay kpi` against the stopped platform's own event log and KPI database."""
    transport = LocalLogTransport(continuum.events_url)
    engine = create_engine(continuum.database_url("kpi"))
    await transport.start()
    try:
        await replay_into(engine, kpi_service, transport, progress=False)
    finally:
        await transport.stop()
        await engine.dispose()
