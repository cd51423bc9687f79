"""Questionnaires read: the item banks (ready-made and the council's own), runs, and each run's results with
everything too small to show suppressed (rules/results.py)."""

from __future__ import annotations

import uuid
from collections.abc import Hashable, Mapping
from typing import Any

import sqlalchemy as sa

from services.feedback.models import Questionnaire, QuestionnaireAnswer, QuestionnaireResponse, QuestionnaireRun
from services.feedback.rules.items import ITEM_BANKS, Item, ItemBank
from services.feedback.rules.results import RunResults, run_results
from shared.problems import NotFound
from shared.runtime.unit_of_work import UnitOfWork


def _items(rows: list[Any]) -> tuple[Item, ...]:
    return tuple(Item(row["code"], row["text"], row["kind"]) for row in rows)


def items_of(run: QuestionnaireRun) -> tuple[Item, ...]:
    return _items(run.items)


def bank_of(questionnaire: Questionnaire) -> ItemBank:
    return ItemBank(questionnaire.code, questionnaire.title, questionnaire.audience, _items(questionnaire.items))


async def banks(uow: UnitOfWork) -> list[ItemBank]:
    own = (await uow.session.scalars(sa.select(Questionnaire).order_by(Questionnaire.code))).all()
    return [*ITEM_BANKS.values(), *(bank_of(questionnaire) for questionnaire in own)]


async def bank(uow: UnitOfWork, code: str) -> ItemBank:
    if code in ITEM_BANKS:
        return ITEM_BANKS[code]
    questionnaire = await uow.session.get(Questionnaire, code)
    if questionnaire is None:
        raise NotFound(f"no questionnaire {code!r}", field="questionnaire_code")
    return bank_of(questionnaire)


async def runs(
    uow: UnitOfWork, *, audience: str | None, questionnaire_code: str | None, limit: int, after: uuid.UUID | None
) -> list[QuestionnaireRun]:
    query = sa.select(QuestionnaireRun).order_by(QuestionnaireRun.id).limit(limit + 1)
    if audience is not None:
        query = query.where(QuestionnaireRun.audience == audience)
    if questionnaire_code is not None:
        query = query.where(QuestionnaireRun.questionnaire_code == questionnaire_code)
    if after is not None:
        query = query.where(QuestionnaireRun.id > after)
    return list((await uow.session.scalars(query)).all())


async def responses_so_far(uow: UnitOfWork, run: QuestionnaireRun) -> int:
    count = sa.select(sa.func.count()).where(QuestionnaireResponse.run_id == run.id)
    return int(await uow.session.scalar(count) or 0)


async def results(uow: UnitOfWork, run: QuestionnaireRun, threshold: int) -> RunResults:
    """The run's results by service and by pod (the group None: respondents who named no pod)."""
    pods = dict(
        (
            await uow.session.execute(
                sa.select(QuestionnaireResponse.id, QuestionnaireResponse.pod_id).where(
                    QuestionnaireResponse.run_id == run.id
                )
            )
        ).all()
    )
    answers: dict[uuid.UUID, dict[str, float]] = {response_id: {} for response_id in pods}
    rows = await uow.session.execute(
        sa.select(QuestionnaireAnswer.response_id, QuestionnaireAnswer.item, QuestionnaireAnswer.value).where(
            QuestionnaireAnswer.run_id == run.id
        )
    )
    for response_id, item, value in rows:
        answers[response_id][item] = value
    responses: list[tuple[Hashable, Mapping[str, float]]] = [
        (pods[response_id], answered) for response_id, answered in answers.items()
    ]
    return run_results(items_of(run), responses, threshold)
