"""Refusals every command shares: facts from the future, codes outside their vocabulary, periods ended twice."""

from __future__ import annotations

from datetime import date

from shared.problems import Conflict, Invalid
from shared.vocabulary import Coded


def refuse_future(day: date, field: str) -> None:
    if day > date.today():
        raise Invalid(f"{field} {day} is in the future; record facts once they have happened", field=field)


def refuse_unknown(vocabulary: type[Coded], code: str | None, field: str) -> None:
    """Commands are called by the API (which validates codes too) and by the synthetic council, which does not."""
    if code is not None and code not in vocabulary._value2member_map_:
        known = ", ".join(vocabulary._value2member_map_)
        raise Invalid(f"{field} {code!r} is not one of {known}", field=field)


def refuse_ending(start: date, ended: date | None, end_date: date, *, what: str, field: str) -> None:
    """A dated period ends once, on a day that has happened, and not before it started."""
    refuse_future(end_date, "end_date")
    if ended is not None:
        raise Conflict(f"the {what} already ended on {ended}", field=field)
    if end_date < start:
        raise Invalid("end_date is before start_date", field="end_date")
