"""A retried POST has one effect; two edits from the same version: one wins, the other is told to fetch again;
two sign-offs side by side on PostgreSQL publish the session's decisions once."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa

from services.supervision.service import service
from tests.api.supervision.conftest import Platform, Town
from tests.api.supervision.steps import Nora


async def test_a_retried_discussion_with_its_idempotency_key_is_recorded_once(platform: Platform, town: Town) -> None:
    nora = Nora(platform, town)
    session = await nora.held_session("2024-03-05")
    key = {"Idempotency-Key": "c1a7f0e4-discussion-zoe"}

    first = await nora.call("POST", f"/sessions/{session['id']}/discussions", nora.discussion("Zoe"), headers=key)
    retry = await nora.call("POST", f"/sessions/{session['id']}/discussions", nora.discussion("Zoe"), headers=key)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert (await platform.row_counts())["discussions"] == 1


async def test_two_revisions_from_one_version_one_wins_the_other_is_412(platform: Platform, town: Town) -> None:
    nora = Nora(platform, town)
    session = await nora.held_session("2024-03-05")
    created = await nora.call("POST", f"/sessions/{session['id']}/discussions", nora.discussion("Zoe"))
    version = {"If-Match": created.headers["ETag"]}

    first = await nora.call(
        "PUT", f"/discussions/{created.json()['id']}", nora.discussion("Zoe", hypotheses="A"), headers=version
    )
    second = await nora.call(
        "PUT", f"/discussions/{created.json()['id']}", nora.discussion("Zoe", hypotheses="B"), headers=version
    )

    assert (first.status_code, second.status_code) == (200, 412)
    assert second.json()["errors"][0]["field"] == "If-Match"
    assert (await nora.ok("GET", f"/discussions/{created.json()['id']}"))["hypotheses"] == "A"


@pytest.mark.infra
async def test_two_sign_offs_side_by_side_publish_the_decisions_once(pg_platform: Platform, pg_town: Town) -> None:
    nora = Nora(pg_platform, pg_town)
    session = await nora.held_session("2024-03-05")
    await nora.discuss(session, "Zoe")
    await nora.discuss(session, "Max", "Mia")

    answers = await asyncio.gather(*(nora.call("POST", f"/sessions/{session['id']}/sign-off") for _ in range(4)))

    codes = sorted(answer.status_code for answer in answers)
    assert codes[0] == 200
    assert codes.count(200) == 1, codes
    assert set(codes[1:]) <= {409}
    outbox = service.tables.outbox
    async with pg_platform.supervision.engine.connect() as connection:
        decisions = await connection.scalar(
            sa.select(sa.func.count())
            .select_from(outbox)
            .where(outbox.c.event_type.like("%SupervisionDecisionRecorded%"))
        )
    assert decisions == 3
