"""A rule's refusal: what is wrong, which field it is about, and whether it is bad input or a clash with the
current state. Commands turn it into the problem the API answers (422 or 409), so the rules stay free of HTTP."""

from __future__ import annotations

from datetime import date


class Refused(ValueError):
    def __init__(self, message: str, *, field: str, conflict: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.conflict = conflict


EARLIEST = date(2000, 1, 1)
"""No feedback is recorded from before this day (the statutory procedure itself dates from 2006)."""


def refuse_future(day: date, today: date, field: str) -> None:
    """A fact is recorded once it has happened, and not from before the records begin."""
    if day > today:
        raise Refused(f"{field} {day} is in the future; record facts once they have happened", field=field)
    if day < EARLIEST:
        raise Refused(f"{field} {day} is before {EARLIEST}, when these records begin", field=field)


def refuse_before(day: date, earliest: date, field: str, what: str) -> None:
    if day < earliest:
        raise Refused(f"{field} {day} is before {what} ({earliest})", field=field)
