"""Two edits of one draft at the same moment, on PostgreSQL (which, unlike SQLite, runs them side by side): one
wins, the other is told the draft has moved on (412), and the draft holds the winner's words only."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa

from services.records.service import service
from tests.api.records.conftest import Api, Town

pytestmark = pytest.mark.infra


async def test_two_edits_of_one_draft_from_the_same_version_one_wins_the_other_412(pg_api: Api, pg_town: Town) -> None:
    created = await pg_api.client.post("/entries", json=pg_town.note(status="draft"), headers=pg_town.ann())
    entry_id, etag = created.json()["id"], created.headers["ETag"]

    async def edit(title: str) -> int:
        body = pg_town.note(status="draft", title=title)
        response = await pg_api.client.put(
            f"/entries/{entry_id}", json=body, headers=pg_town.ann() | {"If-Match": etag}
        )
        return response.status_code

    statuses = await asyncio.gather(*(edit(f"Edit {n}") for n in range(2)))

    assert sorted(statuses) == [200, 412]
    final = (await pg_api.client.get(f"/entries/{entry_id}", headers=pg_town.ann())).json()
    assert final["version"] == 2
    assert final["title"] in {"Edit 0", "Edit 1"}


async def test_two_completions_of_one_draft_publish_its_facts_once(pg_api: Api, pg_town: Town) -> None:
    created = await pg_api.client.post("/entries", json=pg_town.note(status="draft"), headers=pg_town.ann())
    entry_id = created.json()["id"]

    statuses = await asyncio.gather(
        *(pg_api.client.post(f"/entries/{entry_id}/complete", headers=pg_town.ann()) for _ in range(2))
    )

    assert sorted(r.status_code for r in statuses) == [200, 409]
    outbox = service.tables.outbox
    async with pg_api.runtime.engine.connect() as connection:
        published = await connection.scalar(
            sa.select(sa.func.count()).select_from(outbox).where(outbox.c.event_type.like("%StoryEntryCompleted%"))
        )
    assert published == 1
