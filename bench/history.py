"""A synthetic council's allocation history: the facts allocation would publish, ids, dates and codes only.

Each child gets one or two cases; each case a status, an allocation, some transfers (a few across pods), maybe a
move to a child protection plan or into care, and maybe a closure. About 12.5 events per child on average.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from shared.events.allocation import (
    AllocationEnded,
    CaseAllocated,
    CaseClosed,
    CaseOpened,
    CaseStatusEnded,
    CaseStatusStarted,
    CaseTransferred,
    ChildRegistered,
    PodCreated,
    WorkerJoinedPod,
    WorkerRegistered,
)
from shared.events.base import Event

FIRST_REFERRAL = date(2015, 4, 1)
LAST_DAY = date(2025, 9, 30)
WORKERS_PER_POD = 6
CHILDREN_PER_POD = 400
LEGAL_STATUSES = ("C2", "C2", "C2", "C1", "E1", "J2", "V2", "V3", "V4")
REASONS = ("MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "OTHERS")
TRANSFER_COUNTS = (0, 1, 2, 3, 4, 5, 6)
TRANSFER_WEIGHTS = (10, 15, 18, 18, 15, 13, 11)


@dataclass(frozen=True)
class Council:
    pods: list[uuid.UUID]
    members: list[tuple[uuid.UUID, uuid.UUID]]  # (worker, pod)
    by_pod: dict[uuid.UUID, list[tuple[uuid.UUID, uuid.UUID]]]

    def staff_events(self) -> list[Event]:
        events: list[Event] = [
            PodCreated(pod_id=pod, name=f"Pod {n}", created_on=FIRST_REFERRAL) for n, pod in enumerate(self.pods, 1)
        ]
        for n, (worker, pod) in enumerate(self.members):
            events.append(WorkerRegistered(worker_id=worker, registration_number=f"SW{n:06d}", employment="employed"))
            events.append(
                WorkerJoinedPod(
                    membership_id=uuid.uuid4(),
                    worker_id=worker,
                    pod_id=pod,
                    role="social_worker",
                    fte=1.0,
                    start_date=FIRST_REFERRAL - timedelta(days=30),
                )
            )
        return events


def council_for(rng: random.Random, children: int) -> Council:
    pods = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(max(4, children // CHILDREN_PER_POD))]
    members = [(uuid.UUID(int=rng.getrandbits(128), version=4), pod) for pod in pods for _ in range(WORKERS_PER_POD)]
    by_pod: dict[uuid.UUID, list[tuple[uuid.UUID, uuid.UUID]]] = {}
    for member in members:
        by_pod.setdefault(member[1], []).append(member)
    return Council(pods, members, by_pod)


class ChildStory:
    """One child's facts in effective-date order, as allocation would have published them."""

    def __init__(self, rng: random.Random, council: Council) -> None:
        self.rng = rng
        self.council = council
        self.child = self._id()
        self.events: list[Event] = []

    def _id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def tell(self) -> list[Event]:
        rng = self.rng
        referral = FIRST_REFERRAL + timedelta(days=rng.randrange((LAST_DAY - FIRST_REFERRAL).days))
        birth = referral - timedelta(days=rng.randrange(30, 17 * 365))
        self.events.append(
            ChildRegistered(
                child_id=self.child,
                la_child_id=f"C{self.child.int % 10**9:09d}",
                date_of_birth=birth,
                sex=rng.choice("MF"),
                uasc=rng.random() < 0.04,
            )
        )
        day: date | None = referral
        while day is not None and day <= LAST_DAY:
            day = self._case(day)
            if day is not None and rng.random() < 0.6:
                break
            day = day + timedelta(days=rng.randrange(30, 600)) if day else None
        return self.events

    def _case(self, referral: date) -> date | None:
        """One case from referral; returns the day it closed, None when it is still open."""
        rng, child, case = self.rng, self.child, self._id()
        status, kind = self._id(), "CIN"
        worker, pod = rng.choice(self.council.members)
        allocation = self._id()
        day = referral + timedelta(days=rng.randrange(0, 10))
        self.events += [
            CaseOpened(case_id=case, child_id=child, referral_date=referral, source="front door"),
            CaseStatusStarted(status_id=status, case_id=case, child_id=child, kind="CIN", start_date=referral),
            CaseAllocated(
                allocation_id=allocation, case_id=case, child_id=child, pod_id=pod, worker_id=worker, start_date=day
            ),
        ]
        moves = ["transfer"] * rng.choices(TRANSFER_COUNTS, TRANSFER_WEIGHTS)[0]
        escalation = rng.random()
        if escalation < 0.55:
            moves.insert(rng.randrange(len(moves) + 1), "CP" if escalation < 0.3 else "CLA")
        moves.append("close" if rng.random() < 0.6 else "stay open")
        for move in moves:
            day += timedelta(days=rng.randrange(14, 180))
            if day > LAST_DAY or move == "stay open":
                return None
            if move == "transfer":
                allocation, worker, pod = self._transfer(case, allocation, worker, pod, day)
            elif move == "close":
                self.events += [
                    CaseStatusEnded(status_id=status, case_id=case, child_id=child, end_date=day),
                    AllocationEnded(
                        allocation_id=allocation, case_id=case, child_id=child, end_date=day, reason="closed"
                    ),
                    CaseClosed(case_id=case, child_id=child, closed_on=day, reason="RC8"),
                ]
                return day
            else:
                ended, status, kind = status, self._id(), move
                self.events += [
                    CaseStatusEnded(status_id=ended, case_id=case, child_id=child, end_date=day),
                    CaseStatusStarted(
                        status_id=status,
                        case_id=case,
                        child_id=child,
                        kind=kind,
                        start_date=day,
                        cp_category="NEG" if kind == "CP" else None,
                        legal_status=rng.choice(LEGAL_STATUSES) if kind == "CLA" else None,
                    ),
                ]
        return None

    def _transfer(
        self, case: uuid.UUID, allocation: uuid.UUID, worker: uuid.UUID, pod: uuid.UUID, day: date
    ) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
        council = self.council
        candidates = council.members if self.rng.random() < 0.25 else council.by_pod[pod]
        to_worker, to_pod = self.rng.choice(candidates)
        if to_worker == worker:
            colleagues = council.by_pod[pod]
            to_worker, to_pod = colleagues[(colleagues.index((worker, pod)) + 1) % len(colleagues)]
        successor = self._id()
        self.events.append(
            CaseTransferred(
                case_id=case,
                child_id=self.child,
                from_allocation_id=allocation,
                to_allocation_id=successor,
                from_worker_id=worker,
                to_worker_id=to_worker,
                from_pod_id=pod,
                to_pod_id=to_pod,
                effective_date=day,
                reason=self.rng.choice(REASONS),
                across_pods=to_pod != pod,
            )
        )
        return successor, to_worker, to_pod


def history(*, children: int, min_events: int = 0, seed: int = 2016) -> Iterator[Event]:
    """Staff first, then each child's story; more children than asked when min_events needs them."""
    rng = random.Random(seed)
    council = council_for(rng, children)
    staff = council.staff_events()
    yield from staff
    produced, told = len(staff), 0
    while told < children or produced < min_events:
        story = ChildStory(rng, council).tell()
        produced += len(story)
        told += 1
        yield from story


def first_events(count: int, *, seed: int = 2016) -> Iterator[Event]:
    """Exactly `count` events of a council sized for them (the last child's story may be cut short)."""
    for n, event in enumerate(history(children=max(1, count // 13), min_events=count, seed=seed)):
        if n >= count:
            return
        yield event
