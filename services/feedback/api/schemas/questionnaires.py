"""Questionnaires: item banks, runs, anonymous responses, and reports with small groups suppressed."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from shared.runtime.bodies import Id, In, IsoDate, example, response_example
from shared.vocabulary import ItemKindCode, QuestionnaireAudienceCode


class ItemIn(In):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,59}$")
    text: str = Field(min_length=1, max_length=500)
    kind: ItemKindCode = "scale"


class ItemOut(BaseModel):
    code: str
    text: str
    kind: ItemKindCode


class QuestionnaireIn(In):
    model_config = example(
        code="care_leavers_2026",
        title="Care leavers: our personal advisers",
        audience="other",
        items=[{"code": "cl_01", "text": "I know who my personal adviser is", "kind": "scale"}],
    )
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{2,59}$")
    title: str = Field(min_length=1, max_length=200)
    audience: QuestionnaireAudienceCode
    items: list[ItemIn] = Field(min_length=1, max_length=60)


class QuestionnaireOut(BaseModel):
    model_config = response_example(
        code="children_in_care_council",
        title="Children in care council: what we think of our social workers",
        audience="children_in_care",
        ready_made=True,
        items=[{"code": "cic_01", "text": "I know who my social worker is", "kind": "scale"}],
    )
    code: str
    title: str
    audience: QuestionnaireAudienceCode
    ready_made: bool
    items: list[ItemOut]


class RunIn(In):
    model_config = example(
        questionnaire_code="children_in_care_council",
        title="Children in care council survey, spring 2026",
        period_start="2026-03-01",
        period_end="2026-03-31",
    )
    questionnaire_code: str = Field(min_length=1, max_length=60)
    title: str | None = Field(default=None, min_length=1, max_length=200)
    period_start: IsoDate
    period_end: IsoDate


class RunClose(In):
    model_config = example(closed_on="2026-04-02")
    closed_on: IsoDate = Field(default_factory=date.today)


class RunOut(BaseModel):
    model_config = response_example(
        id="6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
        questionnaire_code="children_in_care_council",
        title="Children in care council survey, spring 2026",
        audience="children_in_care",
        period_start="2026-03-01",
        period_end="2026-03-31",
        status="open",
        closed_on=None,
        responses=23,
        items=[{"code": "cic_01", "text": "I know who my social worker is", "kind": "scale"}],
    )
    id: uuid.UUID
    questionnaire_code: str
    title: str
    audience: QuestionnaireAudienceCode
    period_start: date
    period_end: date
    status: Literal["open", "closed"]
    closed_on: date | None
    responses: int
    items: list[ItemOut]


class AnswerIn(In):
    item: str = Field(min_length=1, max_length=60)
    score: int | None = Field(default=None, ge=1, le=5, description="For a 1-5 item.")
    yes: bool | None = Field(default=None, description="For a yes or no item.")
    percent: int | None = Field(default=None, ge=0, le=100, description="For a share of time, in per cent.")

    @model_validator(mode="after")
    def _one_answer(self) -> AnswerIn:
        if sum(value is not None for value in (self.score, self.yes, self.percent)) != 1:
            raise ValueError("give exactly one of score, yes or percent")
        return self


class ResponseIn(In):
    model_config = example(
        pod_id=None,
        answered_on="2026-03-12",
        answers=[{"item": "cic_01", "score": 5}, {"item": "cic_02", "score": 4}],
    )
    pod_id: Id | None = Field(default=None, description="The pod, if the respondent wishes to say.")
    answered_on: IsoDate | None = Field(
        default=None, description="The day of a paper form; by default today (or the run's last day)."
    )
    answers: list[AnswerIn] = Field(min_length=1, max_length=60)


class ResponseAccepted(BaseModel):
    model_config = response_example(run_id="6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d", accepted=True)
    run_id: uuid.UUID
    accepted: bool = True


class ItemResultOut(BaseModel):
    item: str
    text: str
    kind: ItemKindCode
    n: int | None = Field(description="Answers to the item; null where suppressed.")
    suppressed: bool
    mean: float | None = Field(description="To one decimal, rounded half up (3.45 is 3.5).")
    positive: int | None = Field(description="Per cent scoring 4 or 5 (> 3), whole per cents rounded half up.")
    neutral: int | None = Field(description="Per cent scoring 3.")
    negative: int | None = Field(description="Per cent scoring 1 or 2 (< 3).")
    yes: int | None = Field(description="Per cent answering yes (a yes or no item).")


class GroupOut(BaseModel):
    pod_id: uuid.UUID | None = Field(description="Null for respondents who named no pod.")
    pod_name: str | None
    respondents: int | None = Field(description="Null where suppressed.")
    suppressed: bool
    items: list[ItemResultOut]


class ReportOut(BaseModel):
    model_config = response_example(
        run_id="6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
        title="Social work health check 2026",
        status="closed",
        threshold=5,
        pod_id=None,
        respondents=107,
        suppressed=False,
        note="Groups under 5 answers are suppressed; so are as many more, smallest first, as stop a hidden pod "
        "being worked out from the total.",
        items=[
            {
                "item": "hc_caseload_reasonable",
                "text": "My caseload is reasonable",
                "kind": "yes_no",
                "n": 107,
                "suppressed": False,
                "mean": None,
                "positive": None,
                "neutral": None,
                "negative": None,
                "yes": 65,
            }
        ],
        pods=[],
    )
    run_id: uuid.UUID
    title: str
    status: Literal["open", "closed"]
    threshold: int
    pod_id: uuid.UUID | None = Field(description="The pod asked for; null for the whole service.")
    respondents: int | None
    suppressed: bool
    note: str
    items: list[ItemResultOut]
    pods: list[GroupOut] = Field(description="By pod, for the whole service's report.")


class ItemChangeOut(BaseModel):
    item: str
    text: str
    kind: ItemKindCode
    before: ItemResultOut
    after: ItemResultOut
    mean_change: float | None
    positive_change: int | None = Field(description="Change in the per cent positive, in percentage points.")
    yes_change: int | None


class ComparisonOut(BaseModel):
    model_config = response_example(
        run_id="6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
        compared_with="1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
        pod_id=None,
        threshold=5,
        items=[],
    )
    run_id: uuid.UUID
    compared_with: uuid.UUID
    pod_id: uuid.UUID | None
    threshold: int
    items: list[ItemChangeOut]
