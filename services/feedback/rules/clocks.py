"""A complaint's clocks, counted in working days: each starts on a day, is due a number of working days later,
and stops on the day its step was done. Whose clock it is matters: the council's clocks are met or missed; the
complainant's (the time to ask for the next stage) only runs out.

The day a clock starts is day 0: a complaint received on a Friday with a 10-working-day clock is due on the
Friday two weeks later, when no holiday falls between.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from services.feedback.rules.procedures import Procedure
from shared.calendar import WorkingDays

ClockName = Literal["acknowledgement", "response", "panel", "panel_report", "council_response", "next_stage_request"]
Whose = Literal["council", "complainant"]


@dataclass(frozen=True, slots=True)
class StageRecord:
    """What has happened at one stage of a complaint (a snapshot the rules read)."""

    stage: int
    started_on: date
    working_days: int
    extensions: int = 0
    responded_on: date | None = None
    outcome: str | None = None
    panel_held_on: date | None = None
    panel_report_on: date | None = None

    @property
    def answered(self) -> bool:
        return self.responded_on is not None

    @property
    def withdrawn(self) -> bool:
        return self.outcome == "withdrawn"


@dataclass(frozen=True, slots=True)
class ComplaintRecord:
    received_on: date
    acknowledged_on: date | None
    stages: tuple[StageRecord, ...]
    closed_on: date | None = None
    ombudsman_referred_on: date | None = None
    ombudsman_decided_on: date | None = None

    @property
    def current(self) -> StageRecord:
        return self.stages[-1]

    @property
    def closed(self) -> bool:
        return self.closed_on is not None


@dataclass(frozen=True, slots=True)
class Clock:
    name: ClockName
    stage: int | None
    whose: Whose
    started_on: date
    working_days: int
    due_on: date
    stopped_on: date | None
    cancelled_on: date | None = None
    """The day the complaint closed with this clock still running (a withdrawal): neither met nor missed."""

    @property
    def running(self) -> bool:
        return self.stopped_on is None and self.cancelled_on is None

    @property
    def met(self) -> bool | None:
        """Whether the step was done by the day it was due; None while the clock runs."""
        return None if self.stopped_on is None else self.stopped_on <= self.due_on

    def days_left(self, calendar: WorkingDays, today: date) -> int:
        """Working days from today to the day due: 0 on the day itself, negative once overdue."""
        return calendar.between(today, self.due_on)

    def days_taken(self, calendar: WorkingDays) -> int | None:
        return None if self.stopped_on is None else calendar.between(self.started_on, self.stopped_on)


def clock(
    calendar: WorkingDays,
    name: ClockName,
    stage: int | None,
    started_on: date,
    working_days: int,
    stopped_on: date | None,
    whose: Whose = "council",
) -> Clock:
    return Clock(name, stage, whose, started_on, working_days, calendar.add(started_on, working_days), stopped_on)


def clocks_of(record: ComplaintRecord, procedure: Procedure, calendar: WorkingDays) -> list[Clock]:
    """Every clock the complaint has started, in the order they started."""
    acknowledgement = procedure.acknowledgement_days
    clocks = [clock(calendar, "acknowledgement", None, record.received_on, acknowledgement, record.acknowledged_on)]
    for stage in record.stages:
        clocks += stage_clocks(stage, procedure, calendar)
    window = next_stage_window(record, procedure, calendar)
    if window is not None:
        clocks.append(window)
    if record.closed_on is not None:
        clocks = [replace(c, cancelled_on=record.closed_on) if c.running else c for c in clocks]
    return clocks


def stage_clocks(stage: StageRecord, procedure: Procedure, calendar: WorkingDays) -> list[Clock]:
    """The council's clocks at one stage. A withdrawn stage stops its clocks on the day of withdrawal."""
    panel = procedure.rule(stage.stage).review_panel
    if panel is None:
        return [clock(calendar, "response", stage.stage, stage.started_on, stage.working_days, stage.responded_on)]
    clocks = [
        clock(calendar, "panel", stage.stage, stage.started_on, panel.meets_within, stage.panel_held_on),
    ]
    if stage.panel_held_on is not None:
        held = stage.panel_held_on
        clocks.append(clock(calendar, "panel_report", stage.stage, held, panel.reports_within, stage.panel_report_on))
    if stage.panel_report_on is not None:
        clocks.append(
            clock(
                calendar,
                "council_response",
                stage.stage,
                stage.panel_report_on,
                panel.response_within,
                stage.responded_on,
            )
        )
    return clocks


def next_stage_window(record: ComplaintRecord, procedure: Procedure, calendar: WorkingDays) -> Clock | None:
    """The complainant's time to ask for the next stage, while the complaint waits, answered and open."""
    current = record.current
    if record.closed or current.responded_on is None or current.withdrawn or current.stage >= procedure.last_stage:
        return None
    return clock(
        calendar,
        "next_stage_request",
        current.stage + 1,
        current.responded_on,
        procedure.escalation_window,
        None,
        whose="complainant",
    )


def stage_in_time(stage: StageRecord, procedure: Procedure, calendar: WorkingDays) -> bool | None:
    """Whether the stage was answered within its statutory (or configured) time: every council clock of the stage
    met. None while it is unanswered, and for a withdrawn stage (nothing was answered)."""
    if stage.responded_on is None or stage.withdrawn:
        return None
    clocks = stage_clocks(stage, procedure, calendar)
    return all(c.met for c in clocks)


def stage_due_on(stage: StageRecord, procedure: Procedure, calendar: WorkingDays) -> date:
    """When the stage's answer is due: the running clock's day, or the last clock's."""
    return stage_clocks(stage, procedure, calendar)[-1].due_on
