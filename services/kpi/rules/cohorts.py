"""Which children a figure is about, on a given day (at the end of that day, see periods.py)."""

from collections.abc import Iterable
from datetime import date
from typing import Final

from services.kpi.rules.facts import CasePeriod, StatusKind, StatusPeriod
from services.kpi.rules.periods import in_effect_on

SHORT_BREAK_LEGAL_STATUSES: Final = frozenset({"V3", "V4"})


def legal_statuses_on(statuses: Iterable[StatusPeriod], day: date) -> dict[str, set[str | None]]:
    """The legal statuses under which each looked-after child is looked after on day."""
    legal: dict[str, set[str | None]] = {}
    for status in statuses:
        if status.kind == "CLA" and in_effect_on(status.start, status.end, day):
            legal.setdefault(status.child_id, set()).add(status.legal_status)
    return legal


def dfe_looked_after_on(statuses: Iterable[StatusPeriod], day: date) -> set[str]:
    """Looked after on day, leaving out children looked after on day only under short breaks (V3, V4).

    A child with any other legal status on day (or one not recorded) stays in, and so does a child whose
    short breaks follow or precede a care order earlier or later in the year: DfE counts the 31 March status.
    """
    return {
        child_id
        for child_id, legal in legal_statuses_on(statuses, day).items()
        if not legal <= SHORT_BREAK_LEGAL_STATUSES
    }


def with_status_on(statuses: Iterable[StatusPeriod], kind: StatusKind, day: date) -> set[str]:
    of_kind = (status for status in statuses if status.kind == kind)
    return {status.child_id for status in of_kind if in_effect_on(status.start, status.end, day)}


def with_open_case_on(cases: Iterable[CasePeriod], day: date) -> set[str]:
    return {case.child_id for case in cases if in_effect_on(case.start, case.end, day)}
