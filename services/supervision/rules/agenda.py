"""The agenda of a session: which of the pod's cases come to group supervision, in what order, and why.

Every case the pod holds comes at least every N weeks (N by its open statuses, the shortest winning), and sooner
when something has happened since it was last discussed: it is new to the pod (newly allocated or transferred in),
it changed worker or awaits one, a status started or ended (a new child protection plan, a child coming into care),
a voice's scaling score fell by 2 or more points at its last discussion, or an action agreed for the child is past
its due date. A case never discussed is always on the agenda.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from services.supervision.rules.scaling import Change

DEFAULT_INTERVAL_WEEKS: dict[str, int] = {"CIN": 4, "CP": 4, "CLA": 4, "default": 4}

ReasonCode = Literal[
    "scaling_drop",
    "overdue_actions",
    "status_started",
    "transferred_in",
    "newly_allocated",
    "awaiting_worker",
    "new_worker",
    "status_ended",
    "overdue",
    "never_discussed",
    "due",
]
# The order in which reasons bring a case up the agenda: safety first, then what is new, then the calendar.
PRIORITY: tuple[ReasonCode, ...] = (
    "scaling_drop",
    "overdue_actions",
    "status_started",
    "transferred_in",
    "newly_allocated",
    "awaiting_worker",
    "new_worker",
    "status_ended",
    "overdue",
    "never_discussed",
    "due",
)


@dataclass(frozen=True, slots=True)
class AgendaPolicy:
    interval_weeks: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_INTERVAL_WEEKS))
    drop_points: int = 2
    horizon_days: int = 6

    def interval_for(self, kinds: Iterable[str]) -> tuple[int, str]:
        """The shortest interval of the case's open statuses, and which status set it ("default" for none)."""
        known = [(self.interval_weeks[kind], kind) for kind in sorted(set(kinds)) if kind in self.interval_weeks]
        return min(known, default=(self.interval_weeks.get("default", 4), "default"))


@dataclass(frozen=True, slots=True)
class Span:
    """An allocation period of a case: `end` is the first day it no longer holds (a transfer's effective date)."""

    pod_id: uuid.UUID | None
    worker_id: uuid.UUID | None
    start: date
    end: date | None

    def open_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end > day)


@dataclass(frozen=True, slots=True)
class Holding:
    """How the pod came to hold the case it holds on a day, and who holds it for the pod."""

    pod_since: date
    transferred_in: bool
    worker_id: uuid.UUID | None
    worker_since: date


def holding(spans: Sequence[Span], pod_id: uuid.UUID, day: date) -> Holding | None:
    """None when the pod does not hold the case on the day. A case that came from another pod was transferred in;
    one whose first allocation was to this pod was newly allocated."""
    ordered = sorted(spans, key=lambda s: s.start)
    current = next((i for i, s in enumerate(ordered) if s.open_on(day) and s.pod_id == pod_id), None)
    if current is None:
        return None
    first_in_pod = current
    while first_in_pod > 0 and ordered[first_in_pod - 1].pod_id == pod_id:
        first_in_pod -= 1
    with_worker = current
    worker = ordered[current].worker_id
    while with_worker > first_in_pod and ordered[with_worker - 1].worker_id == worker:
        with_worker -= 1
    return Holding(
        pod_since=ordered[first_in_pod].start,
        transferred_in=first_in_pod > 0,
        worker_id=worker,
        worker_since=ordered[with_worker].start,
    )


@dataclass(frozen=True, slots=True)
class StatusSpan:
    kind: str
    start: date
    end: date | None

    def open_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end > day)


@dataclass(frozen=True, slots=True)
class HeldCase:
    """What the agenda needs to know of one case the pod holds on the session's day."""

    child_id: uuid.UUID
    case_id: uuid.UUID
    family_id: uuid.UUID | None
    holding: Holding
    la_child_id: str = ""
    """The council's own identifier: equals on the agenda come in its order."""
    statuses: tuple[StatusSpan, ...] = ()
    last_discussed_on: date | None = None
    """Before this session."""
    latest_scores: tuple[Change, ...] = ()
    """Per voice and question, the latest score against the one before it."""
    overdue_action_due_dates: tuple[date, ...] = ()
    """The due dates of the child's actions still open on the day and past due."""
    discussed_in_session: bool = False


@dataclass(frozen=True, slots=True)
class Reason:
    code: ReasonCode
    detail: str
    since: date | None = None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    case: HeldCase
    open_statuses: tuple[str, ...]
    interval_weeks: int
    due_on: date
    reasons: tuple[Reason, ...]

    @property
    def rank_key(self) -> tuple[int, date, str, str]:
        best = min(PRIORITY.index(reason.code) for reason in self.reasons)
        return best, self.due_on, self.case.la_child_id, str(self.case.child_id)


def agenda(cases: Iterable[HeldCase], day: date, policy: AgendaPolicy) -> tuple[list[AgendaItem], int]:
    """The cases on the agenda in order (siblings side by side, where the first of them would come), and how many
    of the pod's cases are not on it."""
    items, left_off = [], 0
    for case in cases:
        item = _consider(case, day, policy)
        if item is None:
            left_off += 1
        else:
            items.append(item)
    family_rank: dict[uuid.UUID, tuple[int, date, str, str]] = {}
    for item in items:
        family = _family(item.case)
        family_rank[family] = min(family_rank.get(family, item.rank_key), item.rank_key)
    items.sort(key=lambda item: (family_rank[_family(item.case)], item.rank_key))
    return items, left_off


def _family(case: HeldCase) -> uuid.UUID:
    return case.family_id or case.child_id


def _consider(case: HeldCase, day: date, policy: AgendaPolicy) -> AgendaItem | None:
    open_statuses = tuple(sorted({s.kind for s in case.statuses if s.open_on(day)}))
    weeks, basis = policy.interval_for(open_statuses)
    last = case.last_discussed_on
    due_on = (last or case.holding.pod_since) + timedelta(weeks=weeks)
    reasons = [*_news(case, day, policy), *_calendar(last, due_on, day, weeks, basis, policy)]
    if not reasons:
        return None
    reasons.sort(key=lambda reason: PRIORITY.index(reason.code))
    return AgendaItem(case, open_statuses, weeks, due_on, tuple(reasons))


def _calendar(last: date | None, due_on: date, day: date, weeks: int, basis: str, policy: AgendaPolicy) -> list[Reason]:
    every = f"every {weeks} weeks" + ("" if basis == "default" else f" ({basis})")
    if last is None:
        return [Reason("never_discussed", f"not yet discussed in supervision; due {every}")]
    if due_on < day:
        return [Reason("overdue", f"last discussed {last}, due {due_on} ({every})", last)]
    if due_on <= day + timedelta(days=policy.horizon_days):
        return [Reason("due", f"last discussed {last}, due {due_on} ({every})", last)]
    return []


def _news(case: HeldCase, day: date, policy: AgendaPolicy) -> list[Reason]:
    """What happened since the case was last discussed (for a case never discussed: since the day the pod took it)."""
    last, held = case.last_discussed_on, case.holding

    def since_last(moment: date) -> bool:
        return moment <= day and moment > (last if last is not None else held.pod_since)

    return [
        *_arrival(held, last, since_last),
        *_status_changes(case.statuses, since_last),
        *_scaling_drops(case.latest_scores, last, policy.drop_points),
        *_overdue_actions(case.overdue_action_due_dates),
    ]


def _arrival(held: Holding, last: date | None, since_last: Callable[[date], bool]) -> list[Reason]:
    reasons = []
    if last is None or held.pod_since > last:
        if held.transferred_in:
            detail = f"transferred in from another pod on {held.pod_since}"
            reasons.append(Reason("transferred_in", detail, held.pod_since))
        else:
            reasons.append(Reason("newly_allocated", f"allocated to the pod on {held.pod_since}", held.pod_since))
    if held.worker_id is None:
        reasons.append(Reason("awaiting_worker", f"awaiting a worker since {held.worker_since}", held.worker_since))
    elif held.worker_since > held.pod_since and since_last(held.worker_since):
        reasons.append(Reason("new_worker", f"a new worker since {held.worker_since}", held.worker_since))
    return reasons


def _status_changes(statuses: Iterable[StatusSpan], since_last: Callable[[date], bool]) -> list[Reason]:
    reasons = []
    for status in sorted(statuses, key=lambda s: (s.start, s.kind)):
        if since_last(status.start):
            reasons.append(Reason("status_started", f"{status.kind} started on {status.start}", status.start))
        if status.end is not None and since_last(status.end):
            reasons.append(Reason("status_ended", f"{status.kind} ended on {status.end}", status.end))
    return reasons


def _scaling_drops(latest: Iterable[Change], last: date | None, drop_points: int) -> list[Reason]:
    """Drops at the child's last discussion: one at an earlier discussion has been discussed since."""
    reasons = []
    for change in sorted(latest, key=lambda c: (c.question, c.voice)):
        if change.is_drop(drop_points) and change.scored_on == last:
            detail = f"{change.voice}'s {change.question} score fell from {change.previous} to {change.score}"
            reasons.append(Reason("scaling_drop", f"{detail} on {change.scored_on}", change.scored_on))
    return reasons


def _overdue_actions(due_dates: Sequence[date]) -> list[Reason]:
    if not due_dates:
        return []
    earliest, count = min(due_dates), len(due_dates)
    plural = "action" if count == 1 else "actions"
    return [Reason("overdue_actions", f"{count} {plural} past due (the earliest due {earliest})", earliest)]
