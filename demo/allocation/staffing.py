"""Pods and their staff: who joins, who leaves (their cases transferred with reason LEFTRL), who covers."""

from __future__ import annotations

from datetime import date, timedelta

from demo.allocation.council import AREAS, COVER_REASONS
from demo.allocation.town import CASE_HOLDING, Casework, Staff, Town
from services.allocation.commands import allocations, covers, pods, unallocation, workers

# Per pod: role and FTE. Some pods are deliberately out of shape (see `_pod_shape`).
POD_SHAPE = (
    ("pod_manager", 1.0),
    ("senior_social_worker", 1.0),
    ("senior_social_worker", 0.8),
    ("social_worker", 1.0),
    ("social_worker", 1.0),
    ("social_worker", 1.0),
    ("social_worker", 1.0),
    ("social_worker", 0.6),
    ("social_worker_in_training", 1.0),
    ("business_support", 1.0),
)
COVERS_PER_WORKER_YEAR = 3.0


async def set_up_pods(town: Town) -> None:
    created = town.start - timedelta(days=5 * 365)
    for number in range(town.size.pods):
        name = f"Pod {number + 1} ({AREAS[number % len(AREAS)]})"
        pod = await pods.create_pod(town.uow, name, created)
        town.pods.append(pod)
        town.staff.append([])
        for role, fte in _pod_shape(town):
            joined = town.start - timedelta(days=town.between(1500, 1800))
            await join(town, number, role, fte, joined, schedule=False)


def _pod_shape(town: Town) -> list[tuple[str, float]]:
    shape = list(POD_SHAPE)
    if town.chance(0.08):
        shape.remove(("social_worker_in_training", 1.0))
    if town.chance(0.08):
        shape.append(("social_worker", 1.0))
    return shape


async def join(town: Town, pod: int, role: str, fte: float, day: date, *, schedule: bool = True) -> Staff:
    town.workers += 1
    agency = role in CASE_HOLDING and town.chance(town.size.agency_share)
    # Agency workers are registered social workers too, but the council does not always hold the number.
    registered = not agency or town.chance(0.7)
    given, family = town.name()
    worker = await workers.register_worker(
        town.uow,
        name=f"{given} {family}",
        registration_number=f"SW{100000 + town.workers}" if registered else None,
        employment="agency" if agency else "employed",
    )
    membership = await workers.join_pod(town.uow, worker, pod_id=town.pods[pod].id, role=role, fte=fte, start_date=day)
    staff = Staff(town.workers, worker, membership, pod, role, fte, agency)
    town.staff[pod].append(staff)
    if schedule:
        start_rhythms(town, staff)
    return staff


def start_rhythms(town: Town, staff: Staff) -> None:
    if staff.role in CASE_HOLDING:
        leaving = town.size.leavers_per_worker_year * (2.0 if staff.agency else 1.0)
        town.every(leaving, lambda: leave(town, staff))
        town.every(COVERS_PER_WORKER_YEAR, lambda: cover(town, staff))


async def leave(town: Town, staff: Staff) -> None:
    """The worker's last day: every case they hold moves to a colleague on that day, none is dropped."""
    if not staff.active:
        return
    if not all(casework.settled(town.day) for casework in staff.cases.values()):
        staff.leaving = True  # no new cases meanwhile, so their last ones settle and none moves within days
        town.after(1, lambda: leave(town, staff))
        return
    staff.active = False
    town.staff[staff.pod].remove(staff)
    await workers.end_membership(town.uow, staff.membership, end_date=town.day)
    for casework in sorted(staff.cases.values(), key=lambda c: c.number):
        receiver = town.receiver(casework, cross_pod=False)
        if receiver is not None:
            await hand_over(town, casework, receiver, "LEFTRL")
        else:
            await _until_a_colleague_is_free(town, casework)
    town.after(town.between(14, 60), lambda: join(town, staff.pod, staff.role, staff.fte, town.day))


async def _until_a_colleague_is_free(town: Town, casework: Casework) -> None:
    """Nobody can take the leaver's case today: it goes back to the pod, awaiting a worker, and the next worker
    allocated takes LEFTRL as the reason their episode began. The family is never told to call a leaver."""
    from demo.allocation.casework import choose_worker  # casework imports this module for hand_over

    assert casework.worker is not None
    allocation = await allocations.current_allocation(casework.case)
    assert allocation is not None
    await unallocation.unallocate(town.uow, casework.case, allocation, end_date=town.day, reason="LEFTRL")
    del casework.worker.cases[casework.number]
    casework.worker = None
    town.after(town.between(1, 3), lambda: choose_worker(town, casework))


async def hand_over(town: Town, casework: Casework, receiver: Staff, reason: str) -> None:
    assert casework.worker is not None
    await allocations.transfer(
        town.uow, casework.case, to_worker_id=receiver.worker_id, effective_date=town.day, reason=reason
    )
    del casework.worker.cases[casework.number]
    receiver.cases[casework.number] = casework
    casework.worker, casework.pod, casework.worker_since = receiver, receiver.pod, town.day


async def cover(town: Town, staff: Staff) -> None:
    """A colleague covers all the worker's cases for a leave or sickness, or one case for a day in court."""
    if not staff.active:
        return
    town.every(COVERS_PER_WORKER_YEAR, lambda: cover(town, staff))
    colleague = town.holder(staff.pod, besides=staff)
    if colleague is None or staff.covered_until >= town.day:
        return
    reason = town.pick(COVER_REASONS)
    if reason == "court" and staff.cases:
        casework = staff.cases[min(staff.cases)]
        if casework.last_cover < town.day:
            await covers.cover_case(
                town.uow,
                casework.case,
                covering_worker_id=colleague.worker_id,
                start_date=town.day,
                end_date=town.day,
                reason="court",
            )
            casework.last_cover = town.day
        return
    days = town.between(3, 15)
    staff.covered_until = town.day + timedelta(days=days - 1)
    by_hand = town.chance(0.2)
    started = await covers.cover_worker(
        town.uow,
        staff.worker,
        covering_worker_id=colleague.worker_id,
        start_date=town.day,
        end_date=None if by_hand else staff.covered_until,
        reason=reason,
    )
    if by_hand:

        async def end() -> None:
            await covers.end_cover(town.uow, started, end_date=town.day)

        town.on(staff.covered_until, end)
