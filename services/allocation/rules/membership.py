"""Whether a worker is in a pod for the whole of a period: the rule that keeps a leaver out of new allocations,
transfers and cover, so "who to call today" never names someone who has gone."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final, Protocol

# A membership is at least half a day a week (0.1 FTE) and at most full time: 1e-300 FTE is nobody's job.
MIN_FTE: Final = 0.1
MAX_FTE: Final = 1.0


class MembershipPeriod(Protocol):
    @property
    def pod_id(self) -> uuid.UUID: ...
    @property
    def start_date(self) -> date: ...
    @property
    def end_date(self) -> date | None: ...


def member_throughout(memberships: Iterable[MembershipPeriod], pod_id: uuid.UUID, first: date, last: date) -> bool:
    """In the pod on every day from `first` to `last`, both included (a membership's end date is its last day).
    Memberships of the pod that follow on without a gap (a change of role or FTE) count as one."""
    day = first
    for membership in sorted((m for m in memberships if m.pod_id == pod_id), key=lambda m: m.start_date):
        if membership.start_date > day:
            return False
        if membership.end_date is None or membership.end_date >= last:
            return True
        day = max(day, membership.end_date + timedelta(days=1))
    return False


def held_until(first: date, end: date | None, today: date) -> date:
    """The last day a period must be covered by the worker's membership: its end, or today while it is open."""
    return end if end is not None else max(first, today)
