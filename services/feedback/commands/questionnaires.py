"""Questionnaires and staff surveys on one engine: item banks, runs for a period and an audience, anonymous
responses, and closing a run (which publishes its responses).

A response stores no respondent and no time of day. A member of staff answering a staff survey themselves is
remembered only as a one-way digest of the run and their name, in a table linked to no response, so they answer
once. The responses become facts (`QuestionnaireAnswered`) only when the run closes, all together in a random
order, so an event's time or place cannot point to whoever answered.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.feedback.commands.refusals import as_problems
from services.feedback.models import (
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireResponse,
    QuestionnaireRun,
    RunParticipant,
)
from services.feedback.queries import view
from services.feedback.queries.questionnaires import items_of
from services.feedback.rules.items import ITEM_BANKS, Answer, Item, ItemBank, answer_values, check_items
from services.feedback.rules.refusals import Refused, refuse_before, refuse_future
from shared.events.feedback import QuestionnaireAnswered
from shared.problems import Conflict
from shared.runtime.unit_of_work import UnitOfWork

_shuffle = random.SystemRandom().shuffle


async def create_questionnaire(
    uow: UnitOfWork, *, code: str, title: str, audience: str, items: Sequence[Item], today: date | None = None
) -> Questionnaire:
    """An item bank of the council's own, beside the ready-made ones."""
    with as_problems():
        check_items(items)
    if code in ITEM_BANKS or await uow.session.get(Questionnaire, code) is not None:
        raise Conflict(f"a questionnaire {code!r} exists already", field="code")
    questionnaire = Questionnaire(
        code=code,
        title=title,
        audience=audience,
        items=[{"code": item.code, "text": item.text, "kind": item.kind} for item in items],
        created_on=today or date.today(),
    )
    uow.session.add(questionnaire)
    return questionnaire


async def start_run(
    uow: UnitOfWork, bank: ItemBank, *, title: str | None, period_start: date, period_end: date
) -> QuestionnaireRun:
    """A run of a questionnaire for a period; its items are copied, so the bank may change without changing it."""
    with as_problems():
        refuse_before(period_end, period_start, "period_end", "period_start")
    run = QuestionnaireRun(
        id=uuid.uuid4(),
        questionnaire_code=bank.code,
        title=title or bank.title,
        audience=bank.audience,
        items=[{"code": item.code, "text": item.text, "kind": item.kind} for item in bank.items],
        period_start=period_start,
        period_end=period_end,
        recorded_at=datetime.now(UTC),
    )
    uow.session.add(run)
    return run


async def answer(
    uow: UnitOfWork,
    run: QuestionnaireRun,
    *,
    answers: Sequence[Answer],
    pod_id: uuid.UUID | None,
    answered_on: date | None,
    participant: str | None,
    today: date | None = None,
) -> None:
    """Stores one anonymous response. `participant` (a digest) is given when a member of staff answers for
    themselves: a second answer from them is refused."""
    day = today or date.today()
    if run.closed_on is not None:
        raise Conflict(f"the run closed on {run.closed_on}; it takes no more responses", field="run_id")
    answered = answered_on or min(day, run.period_end)
    with as_problems():
        refuse_future(answered, day, "answered_on")
        if not run.period_start <= answered <= run.period_end:
            raise Refused(
                f"the run is for {run.period_start} to {run.period_end}; answered_on {answered} is outside it",
                field="answered_on",
            )
        values = answer_values(items_of(run), answers)
    await view.require_known(uow, pod_id=pod_id)
    if participant is not None:
        await _remember_participant(uow, participant)
    uow.session.add(
        QuestionnaireResponse(
            run=run,
            pod_id=pod_id,
            answered_on=answered,
            answers=[QuestionnaireAnswer(item=item, run_id=run.id, value=value) for item, value in values.items()],
        )
    )


async def _remember_participant(uow: UnitOfWork, digest: str) -> None:
    try:
        async with uow.session.begin_nested():
            uow.session.add(RunParticipant(digest=digest))
    except IntegrityError:
        raise Conflict("you have answered this survey already", field="run_id") from None


async def close_run(uow: UnitOfWork, run: QuestionnaireRun, closed_on: date, *, today: date | None = None) -> int:
    """Closes the run and publishes its responses, shuffled; returns how many."""
    if run.closed_on is not None:
        raise Conflict(f"the run closed on {run.closed_on}", field="run_id")
    with as_problems():
        refuse_future(closed_on, today or date.today(), "closed_on")
        refuse_before(closed_on, run.period_start, "closed_on", "the run's start")
    run.closed_on = closed_on
    kinds = {item.code: item.kind for item in items_of(run)}
    responses = (
        await uow.session.scalars(sa.select(QuestionnaireResponse).where(QuestionnaireResponse.run_id == run.id))
    ).all()
    answers: dict[uuid.UUID, list[QuestionnaireAnswer]] = {}
    for row in await uow.session.scalars(sa.select(QuestionnaireAnswer).where(QuestionnaireAnswer.run_id == run.id)):
        answers.setdefault(row.response_id, []).append(row)
    facts = [
        QuestionnaireAnswered.model_validate(
            dict(
                run_id=run.id,
                questionnaire_code=run.questionnaire_code,
                audience=run.audience,
                period_start=run.period_start,
                period_end=run.period_end,
                pod_id=response.pod_id,
                answers=[
                    {"item": row.item, "kind": kinds[row.item], "value": row.value}
                    for row in sorted(answers.get(response.id, []), key=lambda row: row.item)
                ],
            )
        )
        for response in responses
    ]
    _shuffle(facts)
    uow.publish(*facts)
    return len(facts)
