"""The open caseload on the first day of the history: children already known, each with a past of its own.

Their pasts are short (one worker since referral); their futures are simulated like everyone else's.
"""

from __future__ import annotations

from datetime import timedelta

from demo.allocation.casework import (
    assess,
    change_legal_status,
    close,
    come_into_care,
    end,
    go_to_court,
    leave_care,
    protect,
    refer,
    start,
    step_down,
)
from demo.allocation.council import CP_CATEGORIES, LEGAL_STATUSES
from demo.allocation.town import Action, Casework, Town

JOURNEYS = (("assessing", 2), ("CIN", 57), ("CP", 19), ("CLA", 22))


async def settle_one_child(town: Town) -> None:
    journey = town.pick(JOURNEYS)
    uasc = journey == "CLA" and town.chance(0.06)
    back = {"assessing": (0, 9), "CIN": (60, 700), "CP": (70, 600), "CLA": (90, 1400)}[journey]
    referral = town.start - timedelta(days=town.between(*back))
    casework = await refer(town, referral, uasc=uasc, awaiting=0.0)

    if journey == "assessing":
        _soon(town, 1, 20, lambda: assess(town, casework))
    elif journey == "CIN":
        await start(town, casework, "CIN", day=referral + timedelta(days=town.between(10, 40)))
        _cin_future(town, casework)
    elif journey == "CP":
        await start(town, casework, "CIN", day=referral + timedelta(days=town.between(10, 30)))
        protected = referral + timedelta(days=town.between(40, 60))
        await end(town, casework, "CIN", day=protected)
        await start(town, casework, "CP", cp_category=town.pick(CP_CATEGORIES), day=protected)
        _soon(town, 1, 400, lambda: step_down(town, casework))
    else:
        legal_status = "V2" if uasc else town.pick(LEGAL_STATUSES)
        # An unaccompanied asylum-seeking child is accommodated the day they present (see referrals_today).
        waited = town.between(10, 80)
        in_care = referral if uasc else referral + timedelta(days=waited)
        await start(town, casework, "CLA", legal_status=legal_status, day=in_care)
        if legal_status == "C1":
            await go_to_court(town, casework, day=in_care)
        if legal_status == "C1" and town.chance(0.5):
            _soon(town, 1, 120, lambda: change_legal_status(town, casework, "C2"))
        _soon(town, 1, 1000, lambda: leave_care(town, casework))


def _soon(town: Town, low: int, high: int, action: Action) -> None:
    town.on(town.start + timedelta(days=town.between(low, high)), action)


def _cin_future(town: Town, casework: Casework) -> None:
    if town.chance(0.10):
        _soon(town, 1, 200, lambda: protect(town, casework))
    elif town.chance(0.04):
        _soon(town, 1, 300, lambda: come_into_care(town, casework, town.pick(LEGAL_STATUSES)))
    else:
        _soon(town, 1, 300, lambda: close(town, casework, "RC7"))
