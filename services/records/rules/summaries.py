"""When a case needs its next case summary: the One Story's replacement for running notes. Each case has a cadence
(default 4 weeks, set by the pod manager per case); the next summary is due that long after the last one, or after
the referral when there is none yet. A closed case needs none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class SummaryDue:
    cadence_weeks: int
    last_summary_on: date | None
    due_on: date | None
    overdue: bool
    days_overdue: int


def summary_due(
    referral_date: date | None,
    closed_on: date | None,
    last_summary_on: date | None,
    cadence_weeks: int,
    as_at: date,
) -> SummaryDue:
    since = last_summary_on or referral_date
    if since is None or (closed_on is not None and closed_on <= as_at):
        return SummaryDue(cadence_weeks, last_summary_on, None, False, 0)
    due_on = since + timedelta(weeks=cadence_weeks)
    late = max((as_at - due_on).days, 0)
    return SummaryDue(cadence_weeks, last_summary_on, due_on, late > 0, late)


def due_before(referral_date: date | None, previous_summary_on: date | None, cadence_weeks: int) -> date | None:
    """When a summary written now was due: the previous one (or the referral) plus the cadence."""
    since = previous_summary_on or referral_date
    return since + timedelta(weeks=cadence_weeks) if since else None
