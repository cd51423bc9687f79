"""When a period counts: during a window, or on a day.

"During" is inclusive at both ends, so an episode shorter than 24 hours (start == end) still counts, and an
episode handed over on 1 April counts in the year that starts that day (DfE: SW_DECOM <= 31 March and
SW_DEC >= 1 April or blank).

"On a day" means at the end of that day: a period that ended on D no longer holds on D. That is the SSDA903
reading of 31 March (a child who ceased to be looked after on 31 March ceased during the year), and it makes
a handover on D name one worker, the new one, on D.
"""

from calendar import monthrange
from datetime import date, timedelta


def overlaps(start: date, end: date | None, window_from: date, window_to: date) -> bool:
    return start <= window_to and (end is None or end >= window_from)


def in_effect_on(start: date, end: date | None, day: date) -> bool:
    return start <= day and (end is None or end > day)


def twelve_months_to(day: date) -> tuple[date, date]:
    """The twelve calendar months ending on day, both ends included: to 31 March starts on 1 April."""
    year_earlier = day.replace(year=day.year - 1, day=min(day.day, monthrange(day.year - 1, day.month)[1]))
    return year_earlier + timedelta(days=1), day


def month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)
