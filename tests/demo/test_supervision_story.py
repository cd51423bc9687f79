"""The synthetic council's supervision: written through the supervision service's own commands from its own view
of a one-pod town, a session a week signed off, each decision published, scores by voice, actions done and some
overdue; the same seed tells the same story; and it is written only into a service that holds no session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import demo.allocation as town_demo
import demo.supervision as supervision_demo
from demo import caught_up
from demo.allocation.council import SIZES
from services.supervision.models import Action, CaseAudit, Child, DiscussedChild, Discussion, Score, Session, platform
from tests.api.supervision.conftest import Platform, running_platform

ONE_POD = SIZES["town"].scaled(1)
SEED = 2016


@pytest.fixture
async def told(tmp_path: Path) -> AsyncIterator[Platform]:
    async with running_platform(tmp_path) as platform:
        await town_demo.generate(platform.allocation.sessions, platform.allocation.unit_of_work_for, ONE_POD, SEED)
        await caught_up(platform.allocation, platform.supervision, timeout=300)
        await supervision_demo.load(platform.supervision, SEED)
        yield platform


async def _story(platform: Platform) -> dict[str, Any]:
    """What happened, by the council's own identifiers and the days: database ids are random."""
    async with platform.supervision.engine.connect() as connection:

        async def rows(query: sa.Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
            return sorted((tuple(row) for row in (await connection.execute(query)).all()), key=repr)

        return {
            "sessions": await rows(sa.select(Session.scheduled_for, Session.state, Session.held_on)),
            "decisions": await rows(
                sa.select(Child.la_child_id, DiscussedChild.discussed_on, Discussion.decision)
                .join(Discussion, Discussion.id == DiscussedChild.discussion_id)
                .join(Child, Child.child_id == DiscussedChild.child_id)
            ),
            "scores": await rows(
                sa.select(Child.la_child_id, Score.scored_on, Score.voice, Score.score).join(
                    Child, Child.child_id == Score.child_id
                )
            ),
            "actions": await rows(sa.select(Action.set_on, Action.due_date, Action.status, Action.closed_on)),
            "audits": await rows(sa.select(CaseAudit.quarter, CaseAudit.overall_grade)),
            "events": await rows(sa.select(platform_event_type(), sa.func.count()).group_by(platform_event_type())),
        }


def platform_event_type() -> sa.ColumnElement[str]:
    return platform.outbox.c.event_type


async def test_the_pod_meets_weekly_decides_and_publishes_with_some_actions_left_overdue(told: Platform) -> None:
    story = await _story(told)

    held = [s for s in story["sessions"] if s[1] == "signed_off"]
    assert len(held) >= 10, "twelve weeks of weekly sessions, a few cancelled"
    assert any(s[1] == "scheduled" for s in story["sessions"]), "the next weeks are scheduled"
    events = dict(story["events"])
    decisions = events["continuum.supervision.SupervisionDecisionRecorded.v1"]
    assert decisions == len(story["decisions"]) > 50
    assert events["continuum.supervision.ScalingScoreRecorded.v1"] == len(story["scores"])
    statuses = {status for _, _, status, _ in story["actions"]}
    assert statuses == {"open", "done", "cancelled"}
    last_held = max(held_on for _, _, held_on in held)
    overdue = [a for a in story["actions"] if a[2] == "open" and a[1] < last_held]
    assert overdue, "some actions are left open past their due date"
    assert story["audits"], "a couple of cases a quarter are audited"


async def test_the_same_seed_tells_the_same_story_and_a_second_load_writes_nothing(
    told: Platform, tmp_path: Path
) -> None:
    first = await _story(told)
    await supervision_demo.load(told.supervision, SEED)

    assert await _story(told) == first, "a second load into a service with sessions writes nothing"
    (tmp_path / "again").mkdir()
    async with running_platform(tmp_path / "again") as again:
        await town_demo.generate(again.allocation.sessions, again.allocation.unit_of_work_for, ONE_POD, SEED)
        await caught_up(again.allocation, again.supervision, timeout=300)
        await supervision_demo.load(again.supervision, SEED)
        assert await _story(again) == first
