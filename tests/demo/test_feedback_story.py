"""The feedback service's part of the synthetic council, on a one-pod town followed through the event log: the same
seed and day tell the same story, every step went through the commands (so its facts are in the outbox), and the
story is written only into a feedback service that holds nothing yet."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

import demo.allocation as town_demo
from demo import STORIES
from demo.feedback import load
from services.feedback.models import (
    ChildView,
    Complaint,
    ComplaintStage,
    Compliment,
    LearningAction,
    PodView,
    QuestionnaireAnswer,
    QuestionnaireResponse,
    QuestionnaireRun,
    platform,
)
from shared.settings import PlatformSettings
from tests.demo.test_synthetic_council import ONE_POD
from tests.flows.feedback.conftest import FeedbackFlow

DAY = date(2026, 11, 26)


async def _told(directory: Path, settings: PlatformSettings, seed: int) -> AsyncIterator[FeedbackFlow]:
    flow = FeedbackFlow(directory, settings)
    await flow.start()
    try:
        allocation = flow.runtimes["allocation"]
        await town_demo.generate(allocation.sessions, allocation.unit_of_work_for, ONE_POD, seed, today=DAY)
        await flow.followed()
        await load(flow.runtimes["feedback"], seed, today=DAY)
        yield flow
    finally:
        await flow.stop()


async def _story(flow: FeedbackFlow) -> dict[str, list[Any]]:
    """Everything written, by the council's own identifiers, pod names and dates: database ids are random."""
    async with flow.runtimes["feedback"].sessions() as session:

        async def rows(query: sa.Select[*tuple[Any, ...]]) -> list[Any]:
            return sorted((tuple(row) for row in (await session.execute(query)).all()), key=repr)

        return {
            "complaints": await rows(
                sa.select(
                    ChildView.la_child_id,
                    PodView.name,
                    Complaint.procedure,
                    Complaint.received_on,
                    Complaint.acknowledged_on,
                    Complaint.closed_on,
                    Complaint.closure_reason,
                    Complaint.ombudsman_decision,
                )
                .outerjoin(ChildView, ChildView.child_id == Complaint.child_id)
                .outerjoin(PodView, PodView.pod_id == Complaint.pod_id)
            ),
            "stages": await rows(
                sa.select(
                    Complaint.received_on,
                    ComplaintStage.stage,
                    ComplaintStage.started_on,
                    ComplaintStage.working_days,
                    ComplaintStage.responded_on,
                    ComplaintStage.outcome,
                ).join(Complaint)
            ),
            "compliments": await rows(
                sa.select(Compliment.received_on, Compliment.from_relation, PodView.name).outerjoin(
                    PodView, PodView.pod_id == Compliment.pod_id
                )
            ),
            "answers": await rows(
                sa.select(
                    QuestionnaireRun.questionnaire_code,
                    QuestionnaireResponse.answered_on,
                    QuestionnaireAnswer.item,
                    QuestionnaireAnswer.value,
                )
                .select_from(QuestionnaireAnswer)
                .join(QuestionnaireResponse)
                .join(QuestionnaireRun, QuestionnaireRun.id == QuestionnaireResponse.run_id)
            ),
        }


async def test_the_feedback_story_is_registered_and_the_same_seed_tells_the_same_story(
    tmp_path: Path, platform_settings: PlatformSettings
) -> None:
    stories = []
    for attempt in ("first", "again"):
        (tmp_path / attempt).mkdir()
        async for flow in _told(tmp_path / attempt, platform_settings, seed=7):
            stories.append(await _story(flow))

    assert STORIES["feedback"] == "demo.feedback:load"
    assert stories[0] == stories[1]
    assert len(stories[0]["complaints"]) > 100


async def test_every_step_went_through_the_commands_and_the_story_is_written_only_once(
    tmp_path: Path, platform_settings: PlatformSettings
) -> None:
    async for flow in _told(tmp_path, platform_settings, seed=2016):
        feedback = flow.runtimes["feedback"]
        before = await _story(flow)
        await load(feedback, 2016, today=DAY)
        async with feedback.sessions() as session:

            async def count(query: sa.Select[*tuple[Any, ...]]) -> int:
                return (await session.execute(sa.select(sa.func.count()).select_from(query.subquery()))).scalar_one()

            outbox: Counter[str] = Counter(
                dict(
                    (
                        await session.execute(
                            sa.select(platform.outbox.c.event_type, sa.func.count()).group_by(
                                platform.outbox.c.event_type
                            )
                        )
                    ).all()
                )
            )
            complaints = await count(sa.select(Complaint.id))
            about_no_pod = await count(sa.select(Complaint.id).where(Complaint.pod_id.is_(None)))
            # Each complaint starts at one stage; every further stage was asked for.
            escalated = await count(sa.select(ComplaintStage.id)) - complaints
            referred = await count(sa.select(Complaint.id).where(Complaint.ombudsman_referred_on.is_not(None)))
            closed = await count(sa.select(Complaint.id).where(Complaint.closed_on.is_not(None)))
            answered = await count(sa.select(ComplaintStage.id).where(ComplaintStage.responded_on.is_not(None)))
            in_the_future = await count(sa.select(Complaint.id).where(Complaint.received_on > DAY))
            learning = await count(sa.select(LearningAction.id))
            compliments = await count(sa.select(Compliment.id))
            published = await count(
                sa.select(QuestionnaireResponse.id)
                .join(QuestionnaireRun)
                .where(QuestionnaireRun.closed_on.is_not(None))
            )
            open_runs = await count(sa.select(QuestionnaireRun.id).where(QuestionnaireRun.closed_on.is_(None)))

        assert await _story(flow) == before, "a second load into a service holding a story writes nothing"
        assert outbox["continuum.feedback.ComplaintReceived.v1"] == complaints > 100
        assert about_no_pod == 0, "each complaint is about the pod holding the child, the worker's or a pod named"
        assert outbox["continuum.feedback.ComplaintEscalated.v1"] == escalated + referred
        assert escalated > 0, "some complainants ask for the next stage"
        assert referred > 0, "a few go on to the Ombudsman"
        assert outbox["continuum.feedback.ComplaintClosed.v1"] == closed
        assert outbox["continuum.feedback.ComplaintStageResponded.v1"] == answered
        assert 0 < closed < complaints, "most complaints are closed; the latest are still in progress"
        assert in_the_future == 0
        assert learning > 0
        assert outbox["continuum.feedback.ComplimentReceived.v1"] == compliments > 200
        assert outbox["continuum.feedback.QuestionnaireAnswered.v1"] == published > 100
        assert open_runs == 1, "the parents' questionnaire is still taking answers"
