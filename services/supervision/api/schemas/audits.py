"""Case audits, the quarterly sample and the quarterly report of grades and themes."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from services.supervision.api.schemas.days import Day
from services.supervision.rules.audits import QUARTER_PATTERN
from shared.runtime.bodies import Id, In, UtcDateTime, example, response_example
from shared.vocabulary import AuditAreaCode, AuditGradeCode, PracticeThemeCode

CHILD = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
AMY = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"
NORA = "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
POD = "7d7c1a56-1d1e-4a44-9a38-7b0c1f7a2e10"
GRADES = {"assessment": "good", "planning": "requires_improvement", "child_voice": "good", "outcomes": "good"}


class CaseAuditIn(In):
    model_config = example(
        child_id=CHILD,
        quarter="2024-Q1",
        audited_on="2024-03-20",
        worker_id=AMY,
        manager_id=NORA,
        grades=GRADES,
        overall_grade="good",
        themes=["relationship_based_practice", "progress_of_plan"],
        done_well="Zoe's views are in her own words throughout; the worker has known her for two years.",
        must_improve="The plan's timescales slipped twice without a recorded reason.",
    )
    child_id: Id
    quarter: str = Field(pattern=QUARTER_PATTERN, description="The calendar quarter audited for, e.g. 2024-Q3.")
    audited_on: Day
    worker_id: Id = Field(description="The social worker who audited the case.")
    manager_id: Id = Field(description="Their manager, who audited with them.")
    grades: dict[AuditAreaCode, AuditGradeCode] = Field(min_length=1)
    overall_grade: AuditGradeCode
    themes: list[PracticeThemeCode] = Field(default_factory=list, max_length=12)
    done_well: str = Field(min_length=3, max_length=10000)
    must_improve: str = Field(min_length=3, max_length=10000)


class CaseAuditOut(BaseModel):
    model_config = response_example(
        id="7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e",
        child_id=CHILD,
        case_id="8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d",
        pod_id=POD,
        quarter="2024-Q1",
        audited_on="2024-03-20",
        worker_id=AMY,
        manager_id=NORA,
        grades=GRADES,
        overall_grade="good",
        themes=["progress_of_plan", "relationship_based_practice"],
        done_well="Zoe's views are in her own words throughout.",
        must_improve="The plan's timescales slipped twice without a recorded reason.",
        recorded_at="2024-03-20T15:02:11Z",
    )
    id: uuid.UUID
    child_id: uuid.UUID
    case_id: uuid.UUID | None
    pod_id: uuid.UUID
    quarter: str
    audited_on: date
    worker_id: uuid.UUID
    manager_id: uuid.UUID
    grades: dict[AuditAreaCode, AuditGradeCode]
    overall_grade: AuditGradeCode
    themes: list[PracticeThemeCode]
    done_well: str
    must_improve: str
    recorded_at: UtcDateTime


class SampleOut(BaseModel):
    model_config = response_example(
        pod_id=POD, quarter="2024-Q2", size=2, child_ids=[CHILD, "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e"]
    )
    pod_id: uuid.UUID
    quarter: str
    size: int
    child_ids: list[uuid.UUID] = Field(description="Children not audited in the last year first.")


class TallyOut(BaseModel):
    audits: int
    good_or_better: int
    overall: dict[AuditGradeCode, int]
    by_area: dict[AuditAreaCode, dict[AuditGradeCode, int]]
    themes: dict[PracticeThemeCode, int]


class AuditReportOut(BaseModel):
    model_config = response_example(
        quarter="2024-Q1",
        from_="2024-01-01",
        to="2024-03-31",
        service={
            "audits": 2,
            "good_or_better": 1,
            "overall": {"good": 1, "requires_improvement": 1},
            "by_area": {"planning": {"good": 1, "requires_improvement": 1}},
            "themes": {"progress_of_plan": 2, "relationship_based_practice": 1},
        },
        pods={},
    )
    quarter: str
    from_: date = Field(alias="from", serialization_alias="from")
    to: date
    service: TallyOut
    pods: dict[uuid.UUID, TallyOut]
