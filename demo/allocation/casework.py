"""Children's journeys: referral, assessment, child in need, child protection, care, changes of worker, closure."""

from __future__ import annotations

from datetime import date, timedelta

from demo.allocation.council import CP_CATEGORIES, LEGAL_STATUSES, TRANSFER_REASONS
from demo.allocation.staffing import hand_over
from demo.allocation.town import MIN_DAYS_WITH_A_WORKER, Casework, Kid, Staff, Town
from services.allocation.commands import allocations, children, court

# The share of new children referred as the brother or sister of a child referred just before them.
SIBLING_SHARE = 0.3
# Mean days a referral stays open, over all its outcomes: sets the referral rate for a steady open caseload.
MEAN_DAYS_OPEN = 290


async def referrals_today(town: Town) -> None:
    """An unaccompanied asylum-seeking child has nobody with parental responsibility here, so is accommodated
    (section 20, V2) the day they present; the assessment follows in care, not before it."""
    for _ in range(town.poisson(town.size.open_children / MEAN_DAYS_OPEN)):
        casework = await refer(town, town.day, uasc=town.chance(0.006))
        if casework.kid.uasc:
            await come_into_care(town, casework, "V2")
        else:
            _assess_later(town, casework)


def _assess_later(town: Town, casework: Casework) -> None:
    town.after(town.between(10, 45), lambda: assess(town, casework))


async def refer(town: Town, day: date, *, uasc: bool = False, awaiting: float = 0.2) -> Casework:
    """A referral opens a case; the pod with most room takes it, usually with a worker straight away. A brother or
    sister of a child referred just before joins that child's family, pod and worker."""
    kid, sibling = None, None
    if town.closed_kids and not uasc and town.chance(0.2):
        kid = town.closed_kids.pop(town.between(0, len(town.closed_kids) - 1))
    elif not uasc and town.chance(SIBLING_SHARE):
        sibling = town.recent_sibling()
    kid = kid or await _register(town, day, uasc, sibling.kid if sibling else None)
    case = await children.open_case(town.uow, kid.child, referral_date=day, source="front door")
    town.cases += 1
    pod = sibling.pod if sibling else town.roomiest_pod()
    casework = Casework(town.cases, case, kid, pod)
    kid.open_case = casework
    town.referred(casework)
    worker = town.holder(pod)
    if sibling and sibling.worker is not None and sibling.worker.active and sibling.worker.pod == pod:
        worker = sibling.worker
    if worker is not None and not town.chance(awaiting):
        await allocations.allocate(town.uow, case, pod_id=town.pods[pod].id, worker_id=worker.worker_id, start_date=day)
        _holds(town, casework, worker, day)
    else:
        await allocations.allocate(town.uow, case, pod_id=town.pods[pod].id, worker_id=None, start_date=day)
        town.on(day + timedelta(days=town.between(1, 5)), lambda: choose_worker(town, casework))
    return casework


async def _register(town: Town, day: date, uasc: bool, sibling: Kid | None) -> Kid:
    age_days = town.between(15 * 365, 17 * 365) if uasc else town.between(0, 17 * 365)
    sex = "M" if uasc and town.chance(0.9) else town.pick((("F", 49), ("M", 50), ("U", 1)))
    given, family = town.name()
    number = len(town.kids) + 1
    child = await children.register_child(
        town.uow,
        la_child_id=f"C{number:07d}",
        given_name=given,
        family_name=family,
        date_of_birth=day - timedelta(days=age_days),
        sex=sex,
        uasc=uasc,
        family_id=sibling.child.family_id if sibling else None,
    )
    kid = Kid(number, child)
    town.kids.append(kid)
    town.family_sizes[child.family_id] += 1
    return kid


def _holds(town: Town, casework: Casework, worker: Staff, day: date) -> None:
    worker.cases[casework.number] = casework
    casework.worker, casework.worker_since = worker, day
    town.every(town.size.transfers_per_case_year, lambda: change_worker(town, casework))


async def choose_worker(town: Town, casework: Casework) -> None:
    """A case awaiting a worker gets the pod's least loaded one; if nobody is free today, tomorrow."""
    if not casework.open or casework.worker is not None:
        return
    worker = town.holder(casework.pod)
    if worker is None:
        town.after(1, lambda: choose_worker(town, casework))
    else:
        await allocations.allocate(
            town.uow,
            casework.case,
            pod_id=town.pods[casework.pod].id,
            worker_id=worker.worker_id,
            start_date=town.day,
        )
        _holds(town, casework, worker, town.day)


async def change_worker(town: Town, casework: Casework, reason: str | None = None) -> None:
    """A change of worker other than a leaver's: managing caseloads, standard process, a family's request."""
    if not casework.open or casework.worker is None:
        return
    if reason is None:
        town.every(town.size.transfers_per_case_year, lambda: change_worker(town, casework))
    if not casework.settled(town.day):
        return
    receiver = town.receiver(casework, cross_pod=town.chance(town.size.cross_pod_share))
    if receiver is not None:
        await hand_over(town, casework, receiver, reason or town.pick(TRANSFER_REASONS))


async def assess(town: Town, casework: Casework) -> None:
    if not casework.open:
        return
    if town.chance(0.35):
        await close(town, casework, town.pick((("RC8", 70), ("RC9", 30))))
        return
    await start(town, casework, "CIN")
    if town.chance(0.22):
        town.after(town.between(10, 60), lambda: protect(town, casework))
    elif town.chance(0.10):
        town.after(town.between(20, 200), lambda: come_into_care(town, casework, town.pick(LEGAL_STATUSES)))
    else:
        town.after(town.between(90, 400), lambda: close(town, casework, town.pick((("RC7", 90), ("RC3", 5)))))


async def protect(town: Town, casework: Casework) -> None:
    if not casework.open:
        return
    await end(town, casework, "CIN")
    await start(town, casework, "CP", cp_category=town.pick(CP_CATEGORIES))
    town.after(town.between(180, 540), lambda: step_down(town, casework))


async def step_down(town: Town, casework: Casework) -> None:
    if not casework.open:
        return
    await end(town, casework, "CP")
    if town.chance(0.15):
        await come_into_care(town, casework, town.pick(LEGAL_STATUSES))
        return
    await start(town, casework, "CIN")
    town.after(town.between(60, 180), lambda: close(town, casework, "RC7"))


async def come_into_care(town: Town, casework: Casework, legal_status: str) -> None:
    if not casework.open or "CLA" in casework.statuses:
        return
    for kind in ("CIN", "CP"):
        await end(town, casework, kind)
    await start(town, casework, "CLA", legal_status=legal_status)
    if casework.worker is not None and town.chance(town.size.care_entry_transfer):
        await change_worker(town, casework, "TSPROC")
    if legal_status == "C1":
        await go_to_court(town, casework)
    if legal_status == "C1" and town.chance(0.6):
        town.after(town.between(60, 200), lambda: change_legal_status(town, casework, "C2"))
    stay = town.between(300, 1500) if legal_status in ("V3", "V4") else town.between(150, 1200)
    town.after(stay, lambda: leave_care(town, casework))


async def change_legal_status(town: Town, casework: Casework, legal_status: str) -> None:
    if casework.open and "CLA" in casework.statuses:
        await end(town, casework, "CLA")
        await start(town, casework, "CLA", legal_status=legal_status)
        if legal_status == "C2":
            await final_order(town, casework)


async def go_to_court(town: Town, casework: Casework, *, day: date | None = None) -> None:
    """Care proceedings under an interim care order (C1): they end with the final order, or within about
    26 weeks when the child goes home or another order is made."""
    if casework.open and casework.proceedings is None:
        started = day or town.day
        casework.proceedings = await court.start_proceedings(town.uow, casework.case, start_date=started)
        town.on(started + timedelta(days=town.between(150, 300)), lambda: final_order(town, casework))


async def final_order(town: Town, casework: Casework) -> None:
    if casework.open and casework.proceedings is not None:
        proceedings, casework.proceedings = casework.proceedings, None
        await court.end_proceedings(town.uow, casework.case, proceedings, end_date=town.day)


async def leave_care(town: Town, casework: Casework) -> None:
    if casework.open:
        await close(town, casework, town.pick((("RC7", 77), ("RC1", 8), ("RC4", 10), ("RC3", 5))))


async def start(
    town: Town,
    casework: Casework,
    kind: str,
    *,
    cp_category: str | None = None,
    legal_status: str | None = None,
    day: date | None = None,
) -> None:
    period = await children.start_status(
        town.uow,
        casework.case,
        kind=kind,
        start_date=day or town.day,
        cp_category=cp_category,
        legal_status=legal_status,
    )
    casework.statuses[kind] = period


async def end(town: Town, casework: Casework, kind: str, *, day: date | None = None) -> None:
    period = casework.statuses.pop(kind, None)
    if period is not None:
        await children.end_status(town.uow, casework.case, period, end_date=day or town.day)


async def close(town: Town, casework: Casework, reason: str) -> None:
    if not casework.open:
        return
    if casework.worker is not None and not casework.settled(town.day):
        town.after(MIN_DAYS_WITH_A_WORKER, lambda: close(town, casework, reason))
        return
    await children.close_case(town.uow, casework.case, closed_on=town.day, reason=reason)
    casework.open = False
    casework.statuses.clear()
    casework.proceedings = None
    if casework.worker is not None:
        del casework.worker.cases[casework.number]
    casework.kid.open_case = None
    town.closed_kids.append(casework.kid)
