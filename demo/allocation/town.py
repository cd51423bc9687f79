"""The synthetic council in memory while its history is written: who is in which pod, who holds which case,
and the diary of what happens next. Every choice comes from one seeded random generator and never from a
database id, so a seed always tells the same story."""

from __future__ import annotations

import heapq
import math
import random
import uuid
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from demo.allocation.council import FAMILY_NAMES, GIVEN_NAMES, HISTORY_DAYS, Size
from services.allocation.models import Case, Child, CourtProceedings, Membership, Pod, StatusPeriod, Worker
from shared.runtime.unit_of_work import UnitOfWork

CASE_HOLDING = ("senior_social_worker", "social_worker", "social_worker_in_training")
# A worker keeps a case at least this long before it changes hands or closes: the DfE validator flags a social
# worker episode of under 3 days (SW09, SW18), so the town's own history has none.
MIN_DAYS_WITH_A_WORKER = 7
# Cases a worker holds at 1 FTE, by role: the demo's own rule of thumb for choosing a worker.
CASES_PER_FTE = {"senior_social_worker": 12.0, "social_worker": 14.0, "social_worker_in_training": 6.0}

Action = Callable[[], Awaitable[object]]
RECENT_REFERRALS = 8
# Most sibling groups referred together are two to four children; a family never grows past this in the town.
LARGEST_FAMILY = 6


@dataclass(eq=False)
class Staff:
    """Holds the worker's rows, so each command finds them (and their memberships) in the session's memory."""

    number: int
    worker: Worker
    membership: Membership
    pod: int
    role: str
    fte: float
    agency: bool
    cases: dict[int, Casework] = field(default_factory=dict)
    covered_until: date = date.min
    active: bool = True
    leaving: bool = False
    """Handed in their notice: takes no new case while the last ones they took settle."""

    @property
    def worker_id(self) -> uuid.UUID:
        return self.worker.id

    @property
    def load(self) -> float:
        return len(self.cases) / (CASES_PER_FTE.get(self.role, 0.0) * self.fte or 1e-9)


@dataclass(eq=False)
class Kid:
    number: int
    child: Child
    open_case: Casework | None = None

    @property
    def uasc(self) -> bool:
        return self.child.uasc


@dataclass(eq=False)
class Casework:
    """Holds the case row itself while the case is open, so each step does not read it again."""

    number: int
    case: Case
    kid: Kid
    pod: int
    worker: Staff | None = None
    worker_since: date = date.min
    statuses: dict[str, StatusPeriod] = field(default_factory=dict)
    proceedings: CourtProceedings | None = None
    open: bool = True
    last_cover: date = date.min

    def settled(self, day: date) -> bool:
        """Its worker has held it long enough for it to change hands or close (see MIN_DAYS_WITH_A_WORKER)."""
        return (day - self.worker_since).days >= MIN_DAYS_WITH_A_WORKER


class Town:
    def __init__(self, uow: UnitOfWork, size: Size, seed: int, today: date) -> None:
        self.uow = uow
        self.size = size
        self.rng = random.Random(seed)
        self.today = today
        self.start = today - timedelta(days=HISTORY_DAYS)
        self.day = self.start
        self.pods: list[Pod] = []
        self.staff: list[list[Staff]] = []
        self.kids: list[Kid] = []
        self.closed_kids: list[Kid] = []
        self.cases = 0
        self.workers = 0
        self._recent: deque[Casework] = deque(maxlen=RECENT_REFERRALS)
        self.family_sizes: Counter[uuid.UUID] = Counter()
        self._unsaved: list[Casework] = []
        self._diary: list[tuple[date, int, Action]] = []
        self._entries = 0

    # --- the diary -------------------------------------------------------------------------------------------
    def on(self, day: date, action: Action) -> None:
        """Things planned after today never happen: the history ends today."""
        if day <= self.today:
            self._entries += 1
            heapq.heappush(self._diary, (day, self._entries, action))

    def after(self, days: int, action: Action) -> None:
        self.on(self.day + timedelta(days=max(days, 0)), action)

    def every(self, per_year: float, action: Action) -> None:
        """The next occurrence of something that happens at random `per_year` times a year."""
        if per_year > 0:
            self.after(1 + int(self.rng.expovariate(per_year / 365.0)), action)

    async def run_day(self) -> None:
        while self._diary and self._diary[0][0] <= self.day:
            _, _, action = heapq.heappop(self._diary)
            await action()

    # --- chance ----------------------------------------------------------------------------------------------
    def between(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def pick(self, weighted: Sequence[tuple[str, int]]) -> str:
        return self.rng.choices([code for code, _ in weighted], [weight for _, weight in weighted])[0]

    def poisson(self, mean: float) -> int:
        if mean > 30:
            return max(0, round(self.rng.gauss(mean, math.sqrt(mean))))
        limit, count, product = math.exp(-mean), 0, self.rng.random()
        while product > limit:
            count += 1
            product *= self.rng.random()
        return count

    def name(self) -> tuple[str, str]:
        return self.rng.choice(GIVEN_NAMES), self.rng.choice(FAMILY_NAMES)

    # --- choosing people -------------------------------------------------------------------------------------
    def holder(self, pod: int, *, besides: Staff | None = None) -> Staff | None:
        """The least loaded case-holder of the pod (ties: the longest serving)."""
        able = [
            s for s in self.staff[pod] if s.active and not s.leaving and s.role in CASE_HOLDING and s is not besides
        ]
        return min(able, key=lambda s: (s.load, s.number), default=None)

    def roomiest_pod(self, *, besides: int | None = None) -> int:
        """Of a few pods drawn at random, the one whose lightest worker is lightest."""
        pods = [p for p in self.rng.sample(range(len(self.pods)), min(3, len(self.pods))) if p != besides]
        pods = pods or [p for p in range(len(self.pods)) if p != besides] or [0]

        def lightest(pod: int) -> tuple[float, int]:
            found = self.holder(pod)
            return (found.load if found else math.inf, pod)

        return min(pods, key=lightest)

    def receiver(self, casework: Casework, *, cross_pod: bool) -> Staff | None:
        leaving = casework.worker
        if not cross_pod:
            found = self.holder(casework.pod, besides=leaving)
            if found is not None:
                return found
        return self.holder(self.roomiest_pod(besides=casework.pod), besides=leaving)

    def referred(self, casework: Casework) -> None:
        if not casework.kid.uasc:
            self._unsaved.append(casework)

    def saved(self) -> None:
        """After a commit: the children referred since are in the database, so a sibling can join their family."""
        self._recent.extend(self._unsaved)
        self._unsaved.clear()

    def recent_sibling(self) -> Casework | None:
        """One of the children referred just before (and saved), still open, whose brother or sister this could be."""
        open_ = [
            casework
            for casework in self._recent
            if casework.open and self.family_sizes[casework.kid.child.family_id] < LARGEST_FAMILY
        ]
        return self.rng.choice(open_) if open_ else None

    def open_cases(self) -> int:
        return sum(1 for kid in self.kids if kid.open_case is not None)
