"""Who holds a child: the pod and worker of the child's latest case. A case's holder is its open allocation, or,
once it has ended (the case closed), its last one; allocations entered in error never count. Scope follows it: a
pod's staff see the children their pod holds."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class CaseFacts:
    case_id: uuid.UUID
    referral_date: date | None
    closed_on: date | None

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def open_on(self, day: date) -> bool:
        return (self.referral_date is None or self.referral_date <= day) and (
            self.closed_on is None or self.closed_on >= day
        )


@dataclass(frozen=True, slots=True)
class HeldPeriod:
    case_id: uuid.UUID | None
    pod_id: uuid.UUID | None
    worker_id: uuid.UUID | None
    start: date | None
    end: date | None
    entered_in_error: bool = False

    def open_on(self, day: date) -> bool:
        started = self.start is not None and self.start <= day
        return not self.entered_in_error and started and (self.end is None or self.end > day)


@dataclass(frozen=True, slots=True)
class Holding:
    case_id: uuid.UUID | None
    pod_id: uuid.UUID | None
    worker_id: uuid.UUID | None
    case_open: bool


def latest_case(cases: Iterable[CaseFacts]) -> CaseFacts | None:
    """The open case, else the most recently referred."""
    known = list(cases)
    return next((c for c in known if c.is_open), None) or max(
        known, key=lambda c: c.referral_date or date.min, default=None
    )


def holding(cases: Iterable[CaseFacts], periods: Iterable[HeldPeriod]) -> Holding | None:
    case = latest_case(cases)
    valid = [p for p in periods if not p.entered_in_error and (case is None or p.case_id == case.case_id)]
    current = next((p for p in valid if p.end is None), None)
    last = current or max(valid, key=lambda p: (p.start or date.min, p.end or date.max), default=None)
    if case is None and last is None:
        return None
    return Holding(
        case.case_id if case else last.case_id if last else None,
        last.pod_id if last else None,
        last.worker_id if last else None,
        case.is_open if case else True,
    )


def held_on(periods: Iterable[HeldPeriod], day: date) -> HeldPeriod | None:
    """Who held the child on a day (the allocation open that day), for the facts records publishes."""
    return next((p for p in periods if p.open_on(day)), None)


def case_on(cases: Iterable[CaseFacts], day: date) -> CaseFacts | None:
    """The child's case open on a day: a child never has two open at once."""
    return next((c for c in cases if c.open_on(day)), None)
