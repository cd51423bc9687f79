"""Practice measures from records' and supervision's facts (kpi.md 4): visits, case summaries, supervision.

Visits are timed by records' own rule (`shared.visits`), so a child overdue in records is overdue here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median
from typing import TypeVar

from services.kpi.rules.shares import Share, share
from shared.calendar import WorkingDays
from shared.visits import OpenStatus, Sighting, VisitIntervals, visit_clock

VISITED_FOR = ("CP", "CLA", "CIN")


@dataclass(frozen=True, slots=True)
class ChildSeen:
    """A child's open statuses and the last days they were seen, and seen alone, on or before the as-at date."""

    child_id: str
    statuses: tuple[OpenStatus, ...]
    last_seen: date | None
    last_seen_alone: date | None


@dataclass(frozen=True, slots=True)
class ChildVisitRow:
    child_id: str
    days_since_seen: int | None
    days_since_seen_alone: int | None
    next_due: date | None
    overdue_for: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VisitTimeliness:
    cohort: str
    children: int
    overdue: Share
    overdue_by_status: dict[str, Share]
    cp_seen_alone_at_last_visit: Share
    never_seen: int
    median_days_since_seen: float | None
    median_days_since_seen_alone: float | None
    rows: tuple[ChildVisitRow, ...] = field(repr=False)


def visit_timeliness(
    children: Iterable[ChildSeen], as_at: date, intervals: VisitIntervals, calendar: WorkingDays
) -> VisitTimeliness:
    """Children with a CP plan, looked after or in need on the day (records' rule for open): overdue a visit per
    status; CP children seen alone at their last visit in which they were seen."""
    rows, by_status, overdue_by_status = [], dict.fromkeys(VISITED_FOR, 0), dict.fromkeys(VISITED_FOR, 0)
    cp_seen = cp_alone = never = 0
    since_seen: list[int] = []
    since_alone: list[int] = []
    for child in children:
        sightings = [Sighting(day, "home", True, alone) for day, alone in _sightings(child)]
        clock = visit_clock(child.statuses, sightings, as_at, intervals, calendar)
        if not clock.clocks:
            continue
        for status_clock in clock.clocks:
            by_status[status_clock.status] = by_status.get(status_clock.status, 0) + 1
            overdue_by_status[status_clock.status] = overdue_by_status.get(status_clock.status, 0) + int(
                status_clock.overdue
            )
        seen_days = (as_at - clock.last_seen).days if clock.last_seen else None
        alone_days = (as_at - clock.last_seen_alone).days if clock.last_seen_alone else None
        if seen_days is None:
            never += 1
        else:
            since_seen.append(seen_days)
        if alone_days is not None:
            since_alone.append(alone_days)
        if any(c.status == "CP" for c in clock.clocks) and clock.last_seen:
            cp_seen += 1
            cp_alone += int(clock.last_seen_alone == clock.last_seen)
        late = tuple(c.status for c in clock.clocks if c.overdue)
        rows.append(ChildVisitRow(child.child_id, seen_days, alone_days, clock.next_due, late))
    return VisitTimeliness(
        cohort="open_cin_cp_cla",
        children=len(rows),
        overdue=share(sum(1 for row in rows if row.overdue_for), len(rows)),
        overdue_by_status={kind: share(overdue_by_status[kind], by_status[kind]) for kind in by_status},
        cp_seen_alone_at_last_visit=share(cp_alone, cp_seen),
        never_seen=never,
        median_days_since_seen=median(since_seen) if since_seen else None,
        median_days_since_seen_alone=median(since_alone) if since_alone else None,
        rows=tuple(sorted(rows, key=lambda row: row.child_id)),
    )


def _sightings(child: ChildSeen) -> list[tuple[date, bool]]:
    # The last day seen and the last day seen alone are all the clock reads of a child's visits.
    found = []
    if child.last_seen:
        found.append((child.last_seen, child.last_seen == child.last_seen_alone))
    if child.last_seen_alone and child.last_seen_alone != child.last_seen:
        found.append((child.last_seen_alone, True))
    return found


@dataclass(frozen=True, slots=True)
class CaseSummaryState:
    """An open case, when it was opened, and its last completed summary on or before the as-at date."""

    case_id: str
    child_id: str
    opened_on: date | None
    last_summary_on: date | None
    cadence_weeks: int | None


@dataclass(frozen=True, slots=True)
class SummaryTimeliness:
    cohort: str
    within_cadence: Share
    overdue: int
    due_within_7_days: int
    never_summarised: int
    overdue_cases: tuple[str, ...] = field(repr=False)


def summary_timeliness(cases: Iterable[CaseSummaryState], as_at: date, default_weeks: int) -> SummaryTimeliness:
    """A case is within its cadence while its next summary (the last one, or the opening, plus the cadence the
    last summary carried, else the council's default) is not yet past due."""
    within = total = due_soon = never = 0
    overdue: list[str] = []
    for case in cases:
        since = case.last_summary_on or case.opened_on
        if since is None:
            continue
        total += 1
        never += int(case.last_summary_on is None)
        due = since + timedelta(weeks=case.cadence_weeks or default_weeks)
        if due >= as_at:
            within += 1
            due_soon += int(due <= as_at + timedelta(days=7))
        else:
            overdue.append(case.case_id)
    return SummaryTimeliness("open_cases", share(within, total), len(overdue), due_soon, never, tuple(sorted(overdue)))


@dataclass(frozen=True, slots=True)
class AllocatedChild:
    child_id: str
    status_kinds: tuple[str, ...]
    last_discussed: date | None


def interval_weeks(kinds: Sequence[str], weeks: Mapping[str, int]) -> int:
    """The shortest interval among the child's open statuses (supervision's rule), else the default."""
    return min((weeks[kind] for kind in kinds if kind in weeks), default=weeks["default"])


@dataclass(frozen=True, slots=True)
class SupervisionCoverage:
    cohort: str
    discussed_within_interval: Share
    never_discussed: int


def supervision_coverage(
    children: Iterable[AllocatedChild], as_at: date, weeks: Mapping[str, int]
) -> SupervisionCoverage:
    discussed = total = never = 0
    for child in children:
        total += 1
        if child.last_discussed is None:
            never += 1
            continue
        discussed += int(as_at - child.last_discussed <= timedelta(weeks=interval_weeks(child.status_kinds, weeks)))
    return SupervisionCoverage("allocated_children", share(discussed, total), never)


@dataclass(frozen=True, slots=True)
class ActionState:
    action_id: str
    set_on: date | None
    due_date: date | None
    completed_on: date | None
    cancelled_on: date | None


def open_on(action: ActionState, day: date) -> bool:
    if action.set_on is None or action.due_date is None or action.set_on > day:
        return False
    done = action.completed_on is not None and action.completed_on <= day
    dropped = action.cancelled_on is not None and action.cancelled_on <= day
    return not done and not dropped


@dataclass(frozen=True, slots=True)
class ActionsDue:
    open: int
    overdue: Share
    median_days_overdue: float | None


def actions_due(actions: Iterable[ActionState], as_at: date) -> ActionsDue:
    """Open on the day (set, neither completed nor cancelled by then); overdue once past its due date."""
    open_actions = [a for a in actions if open_on(a, as_at)]
    late = [(as_at - a.due_date).days for a in open_actions if a.due_date and a.due_date < as_at]
    return ActionsDue(len(open_actions), share(len(late), len(open_actions)), median(late) if late else None)


@dataclass(frozen=True, slots=True)
class LatestScore:
    """A voice's latest score for a child on one scaling question, and that voice's score before it."""

    child_id: str
    question: str
    voice: str
    score: int
    previous_score: int | None


@dataclass(frozen=True, slots=True)
class ScalingTrend:
    children_scored: int
    dropped: Share
    spread_at_least: int
    wide_spread: Share
    mean_spread: float | None
    spread_distribution: dict[str, int]


def scaling_trend(scores: Iterable[LatestScore], drop_points: int, spread_points: int) -> ScalingTrend:
    """Dropped: a voice's latest score is drop_points or more below its score before. Spread: on one question,
    the highest voice less the lowest (only where two or more voices scored)."""
    children: set[str] = set()
    dropped: set[str] = set()
    by_question: dict[tuple[str, str], list[int]] = {}
    for score in scores:
        children.add(score.child_id)
        if score.previous_score is not None and score.previous_score - score.score >= drop_points:
            dropped.add(score.child_id)
        by_question.setdefault((score.child_id, score.question), []).append(score.score)
    spreads: dict[str, int] = {}
    for (child, _), values in by_question.items():
        if len(values) > 1:
            spreads[child] = max(spreads.get(child, 0), max(values) - min(values))
    distribution = {str(points): 0 for points in range(11)}
    for value in spreads.values():
        distribution[str(value)] += 1
    wide = sum(1 for value in spreads.values() if value >= spread_points)
    mean = round(sum(spreads.values()) / len(spreads), 2) if spreads else None
    return ScalingTrend(
        len(children), share(len(dropped), len(children)), spread_points, share(wide, len(spreads)), mean, distribution
    )


@dataclass(frozen=True, slots=True)
class PracticeMonth:
    """One scope's practice columns at a month end, beside monthly monitoring's counts (kpi.md 3 and 4)."""

    month_end: date
    children_visited_for: int
    visits_overdue: int
    cp_seen: int
    cp_seen_alone_at_last_visit: int
    open_cases: int
    summaries_within_cadence: int
    allocated_children: int
    discussed_within_interval: int
    complaints_stage_1: int
    compliments: int


@dataclass(frozen=True, slots=True)
class MonthFacts:
    """What a month end's columns are made of, for the whole service; `pod_of` says which pod holds each child."""

    month_end: date
    pod_of: Mapping[str, str]
    seen: Sequence[ChildSeen]
    summaries: Sequence[CaseSummaryState]
    allocated: Sequence[AllocatedChild]
    complaints_stage_1: Mapping[str, int]
    compliments: Mapping[str, int]


def practice_month(
    facts: MonthFacts,
    intervals: VisitIntervals,
    calendar: WorkingDays,
    default_cadence_weeks: int,
    discussion_weeks: Mapping[str, int],
) -> dict[str, PracticeMonth]:
    """The columns for the service and for each pod (the pod holding the child at the month end; a child held by
    none counts for the service only). Complaints and compliments count those received in the month, by the pod
    the feedback service named."""
    day = facts.month_end
    pods = sorted(set(facts.pod_of.values()) | set(facts.complaints_stage_1) | set(facts.compliments))
    seen, summaries, allocated = (
        _by_scope(facts.seen, facts.pod_of, pods),
        _by_scope(facts.summaries, facts.pod_of, pods),
        _by_scope(facts.allocated, facts.pod_of, pods),
    )
    months = {}
    for key in ("service", *pods):
        visits = visit_timeliness(seen[key], day, intervals, calendar)
        cadence = summary_timeliness(summaries[key], day, default_cadence_weeks)
        coverage = supervision_coverage(allocated[key], day, discussion_weeks)
        months[key] = PracticeMonth(
            day,
            visits.children,
            visits.overdue.numerator,
            visits.cp_seen_alone_at_last_visit.denominator,
            visits.cp_seen_alone_at_last_visit.numerator,
            cadence.within_cadence.denominator,
            cadence.within_cadence.numerator,
            coverage.discussed_within_interval.denominator,
            coverage.discussed_within_interval.numerator,
            sum(facts.complaints_stage_1.values()) if key == "service" else facts.complaints_stage_1.get(key, 0),
            sum(facts.compliments.values()) if key == "service" else facts.compliments.get(key, 0),
        )
    return months


Child = TypeVar("Child", ChildSeen, CaseSummaryState, AllocatedChild)


def _by_scope(rows: Sequence[Child], pod_of: Mapping[str, str], pods: Sequence[str]) -> dict[str, list[Child]]:
    grouped: dict[str, list[Child]] = {"service": list(rows), **{pod: [] for pod in pods}}
    for row in rows:
        pod = pod_of.get(row.child_id)
        if pod is not None:
            grouped[pod].append(row)
    return grouped
