"""What a manager does in allocation's API shows in records: the automatic chronology, and who may see and write
the child's story (the pod holding the child)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa

from services.records.models import PROJECTIONS, Appendment, Entry, EntrySubject
from services.records.service import service as records_service
from shared.db import create_engine
from shared.messaging.local import LocalLogTransport
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.replaying import replay_into
from tests.flows.records.in_process import Records

PEOPLE_WROTE = [Entry.__table__, EntrySubject.__table__, Appendment.__table__]


def _visit(child: uuid.UUID, day: str = "2024-02-01") -> dict[str, Any]:
    return {
        "entry_type": "visit",
        "status": "complete",
        "occurred_on": day,
        "title": "Home visit",
        "purpose": "Child protection visit",
        "text": "Seen at home.",
        "visit_kind": "home",
        "serves_status": "CP",
        "children": [{"child_id": str(child), "seen": True, "seen_alone": True}],
    }


async def _amy_in_north(continuum: Records) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID, uuid.UUID, uuid.UUID]:
    north, south = await continuum.pod("North"), await continuum.pod("South")
    ann, bob = await continuum.worker("Ann", north), await continuum.worker("Bob", south)
    case = await continuum.child_with_case("amy", date(2024, 1, 8))
    await continuum.status(case, "CP", date(2024, 1, 8))
    await continuum.allocate(case, north, ann, date(2024, 1, 9))
    return north, south, ann, bob, case


async def test_an_allocation_made_in_allocation_lets_the_pod_write_the_childs_story(continuum: Records) -> None:
    north, _, ann, _, case = await _amy_in_north(continuum)
    amy = continuum.child_of[case]

    written = await continuum.records_call(
        "POST", "/entries", continuum.as_worker("social_worker", north, ann), _visit(amy)
    )
    story = await continuum.records_call("GET", f"/children/{amy}/story", continuum.as_worker("social_worker", north))

    assert written.status_code == 201, written.text
    titles = [item["title"] for item in story.json()["items"]]
    assert titles[0] == "Home visit"
    assert "Allocated to a social worker in North" in titles
    assert "Case opened on referral from front door" in titles


async def test_a_transfer_across_pods_moves_who_may_see_the_child(continuum: Records) -> None:
    north, south, _, bob, case = await _amy_in_north(continuum)
    amy = continuum.child_of[case]
    await continuum.transfer(case, bob, date(2024, 3, 1), reason="LEFTRL")

    north_reads = await continuum.records_call(
        "GET", f"/children/{amy}/story", continuum.as_worker("social_worker", north)
    )
    south_reads = await continuum.records_call(
        "GET", f"/children/{amy}/chronology", continuum.as_worker("social_worker", south), significant="true"
    )

    assert north_reads.status_code == 403
    assert south_reads.status_code == 200
    assert "Transferred to another social worker from North to South: Previous worker left role (LEFTRL)" in [
        line["title"] for line in south_reads.json()["items"]
    ]


async def test_a_replay_rebuilds_the_view_and_never_touches_what_people_wrote(continuum: Records) -> None:
    north, _, ann, bob, case = await _amy_in_north(continuum)
    amy = continuum.child_of[case]
    await continuum.transfer(case, bob, date(2024, 3, 1))
    await continuum.records_call("POST", "/entries", continuum.as_worker("social_worker", north, ann), _visit(amy))
    await continuum.settled()
    live = await _rows(continuum.records.engine, PROJECTIONS)
    written = await _rows(continuum.records.engine, PEOPLE_WROTE)
    rebuilt = create_engine(f"sqlite+aiosqlite:///{continuum.directory / 'rebuilt.sqlite'}")
    await upgrade_to_head(records_service, rebuilt)
    try:
        await replay_into(rebuilt, records_service, continuum.transport, progress=False, group="records-rebuild")
        assert await _rows(rebuilt, PROJECTIONS) == live
    finally:
        await rebuilt.dispose()

    await continuum.stop()
    transport, engine = LocalLogTransport(continuum.events_url), create_engine(continuum.database_url("records"))
    await transport.start()
    try:
        await replay_into(engine, records_service, transport, progress=False)
        assert await _rows(engine, PROJECTIONS) == live
        assert await _rows(engine, PEOPLE_WROTE) == written, "a replay never touches what people wrote"
    finally:
        await transport.stop()
        await engine.dispose()


async def _rows(engine: Any, tables: Any) -> dict[str, list[tuple[Any, ...]]]:
    async with engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in (await connection.execute(sa.select(table))).all()), key=repr)
            for table in tables
        }
