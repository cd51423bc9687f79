"""The complaints procedures and their stage clocks, in working days.

The statutory children's procedure: the Children Act 1989 Representations Procedure (England) Regulations 2006
(SI 2006/1738, Part 4) and the DfE guidance "Getting the Best from Complaints" (2006):

- stage 1, local resolution: a response within 10 working days, which may be extended once, to 20, where the
  complaint is complex or an advocate is needed (regulation 14);
- stage 2, investigation: 25 working days, which may be extended to at most 65 (regulation 17);
- stage 3, review panel: the panel meets within 30 working days of the request (regulation 19(4)); its report
  follows within 5 working days of the meeting, and the council's response within 15 working days of the report;
- the complainant may ask for the next stage within 20 working days of a response;
- after that, the Local Government and Social Care Ombudsman.

"Working day" in the Regulations (regulation 2) is a day other than a Saturday, Sunday, Christmas Day, Boxing Day,
Good Friday or a bank holiday: `shared.calendar.WorkingDays`, with the council's closure days on top.

Acknowledging a complaint is local policy; 2 working days is the usual promise (and the default).

The council's corporate procedure is configured (settings.py); its default has the two stages of the Local
Government and Social Care Ombudsman's Complaint Handling Code (2024): 10 working days at stage 1 and 20 at
stage 2, each extendable by up to 10 more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReviewPanel:
    """The statutory stage 3: three clocks one after another."""

    meets_within: int = 30
    reports_within: int = 5
    response_within: int = 15


@dataclass(frozen=True, slots=True)
class StageRule:
    stage: int
    working_days: int
    """The clock: working days from the stage's start (receipt, or the request for it) to the response due."""
    max_working_days: int
    """How long extensions may make it; equal to `working_days` when the stage cannot be extended."""
    extensions_allowed: int | None = None
    """How many times it may be extended; None: as often as needed up to the maximum."""
    review_panel: ReviewPanel | None = None

    def __post_init__(self) -> None:
        if not 0 < self.working_days <= self.max_working_days:
            raise ValueError(f"stage {self.stage}: 0 < working days <= maximum, got {self} ")

    @property
    def extendable(self) -> bool:
        return self.max_working_days > self.working_days and self.extensions_allowed != 0


@dataclass(frozen=True, slots=True)
class Procedure:
    code: str
    stages: tuple[StageRule, ...]
    escalation_window: int
    """Working days after a response in which the complainant may ask for the next stage."""
    acknowledgement_days: int

    def __post_init__(self) -> None:
        if [rule.stage for rule in self.stages] != list(range(1, len(self.stages) + 1)):
            raise ValueError("stages are numbered 1, 2, 3, ... in order")

    def rule(self, stage: int) -> StageRule:
        return self.stages[stage - 1]

    @property
    def last_stage(self) -> int:
        return len(self.stages)

    def name(self) -> str:
        return "the statutory procedure" if self.code == "statutory" else "the council's corporate procedure"


def statutory(acknowledgement_days: int = 2) -> Procedure:
    return Procedure(
        code="statutory",
        stages=(
            StageRule(1, 10, 20, extensions_allowed=1),
            StageRule(2, 25, 65),
            StageRule(3, 30, 30, extensions_allowed=0, review_panel=ReviewPanel()),
        ),
        escalation_window=20,
        acknowledgement_days=acknowledgement_days,
    )


@dataclass(frozen=True, slots=True)
class CorporateStage:
    working_days: int
    max_working_days: int
    extensions_allowed: int | None = 1


DEFAULT_CORPORATE_STAGES = (CorporateStage(10, 20), CorporateStage(20, 30))


def corporate(
    stages: Sequence[CorporateStage] = DEFAULT_CORPORATE_STAGES,
    escalation_window: int = 20,
    acknowledgement_days: int = 2,
) -> Procedure:
    return Procedure(
        code="corporate",
        stages=tuple(
            StageRule(number, stage.working_days, stage.max_working_days, stage.extensions_allowed)
            for number, stage in enumerate(stages, start=1)
        ),
        escalation_window=escalation_window,
        acknowledgement_days=acknowledgement_days,
    )
