"""Complaint records for the rules' tests, written as a story: received, answered, asked for the next stage."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from services.feedback.rules.clocks import ComplaintRecord, StageRecord
from services.feedback.rules.procedures import statutory

STATUTORY = statutory()


def received(on: date, *, acknowledged_on: date | None = None) -> ComplaintRecord:
    return ComplaintRecord(on, acknowledged_on, (StageRecord(1, on, 10),))


def with_current(record: ComplaintRecord, **changes: object) -> ComplaintRecord:
    return replace(record, stages=(*record.stages[:-1], replace(record.current, **changes)))  # type: ignore[arg-type]


def answered(record: ComplaintRecord, on: date, outcome: str = "not_upheld") -> ComplaintRecord:
    return with_current(record, responded_on=on, outcome=outcome)


def next_stage(record: ComplaintRecord, requested_on: date) -> ComplaintRecord:
    rule = STATUTORY.rule(record.current.stage + 1)
    return replace(record, stages=(*record.stages, StageRecord(rule.stage, requested_on, rule.working_days)))
