"""Questionnaire runs: anonymous responses, and their facts published only when the run closes."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from services.feedback.commands import questionnaires
from services.feedback.models import QuestionnaireResponse
from services.feedback.rules.items import PARENTS, SOCIAL_WORK_HEALTH_CHECK, Answer
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.feedback.conftest import Town, events, events_of

TODAY = date(2026, 4, 10)


async def test_responses_are_published_only_when_the_run_closes_and_carry_no_respondent(
    uow: UnitOfWork, town: Town
) -> None:
    run = await questionnaires.start_run(
        uow, PARENTS, title=None, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31)
    )
    for score in (5, 4, 2):
        await questionnaires.answer(
            uow,
            run,
            answers=[Answer("par_01", score=score)],
            pod_id=town.north,
            answered_on=date(2026, 3, 12),
            participant=None,
            today=TODAY,
        )
    assert await events(uow) == []

    published = await questionnaires.close_run(uow, run, date(2026, 4, 1), today=TODAY)

    answered = await events_of(uow, "QuestionnaireAnswered")
    assert published == 3
    assert sorted(a["answers"][0]["value"] for a in answered) == [2.0, 4.0, 5.0]
    assert {a["pod_id"] for a in answered} == {str(town.north)}
    assert all(
        set(a) == {"run_id", "questionnaire_code", "audience", "period_start", "period_end", "pod_id", "answers"}
        for a in answered
    )


async def test_a_closed_run_takes_no_more_responses(uow: UnitOfWork, town: Town) -> None:
    run = await questionnaires.start_run(
        uow, PARENTS, title=None, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31)
    )
    await questionnaires.close_run(uow, run, date(2026, 4, 1), today=TODAY)

    with pytest.raises(Conflict) as refused:
        await questionnaires.answer(
            uow, run, answers=[Answer("par_01", score=3)], pod_id=None, answered_on=None, participant=None, today=TODAY
        )
    assert refused.value.field == "run_id"


async def test_an_answer_outside_the_runs_period_is_refused_naming_answered_on(uow: UnitOfWork, town: Town) -> None:
    run = await questionnaires.start_run(
        uow, PARENTS, title=None, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31)
    )
    with pytest.raises(Invalid) as refused:
        await questionnaires.answer(
            uow,
            run,
            answers=[Answer("par_01", score=3)],
            pod_id=None,
            answered_on=date(2026, 2, 28),
            participant=None,
            today=TODAY,
        )
    assert refused.value.field == "answered_on"


async def test_a_member_of_staff_answers_a_staff_survey_once_and_the_response_holds_nothing_of_them(
    uow: UnitOfWork, town: Town
) -> None:
    run = await questionnaires.start_run(
        uow, SOCIAL_WORK_HEALTH_CHECK, title=None, period_start=date(2026, 3, 1), period_end=date(2026, 4, 30)
    )
    answers = [Answer("hc_caseload_reasonable", yes=True), Answer("hc_time_direct_work", percent=35)]
    await questionnaires.answer(
        uow, run, answers=answers, pod_id=town.north, answered_on=None, participant="digest-of-amy", today=TODAY
    )
    with pytest.raises(Conflict):
        await questionnaires.answer(
            uow, run, answers=answers, pod_id=None, answered_on=None, participant="digest-of-amy", today=TODAY
        )

    [response] = (await uow.session.scalars(sa.select(QuestionnaireResponse))).all()
    assert set(QuestionnaireResponse.__table__.columns.keys()) == {"id", "run_id", "pod_id", "answered_on"}
    assert isinstance(response.id, uuid.UUID)
    assert response.answered_on == TODAY
