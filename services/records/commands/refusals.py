"""Refusals the commands share: facts from the future, and the first refusal of a pure rule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from services.records.rules.entries import Refusal
from shared.problems import Invalid


def refuse_future(day: date, field: str) -> None:
    if day > date.today():
        raise Invalid(f"{field} {day} is in the future; record what has happened", field=field)


def refuse_first(refusals: Sequence[Refusal]) -> None:
    if refusals:
        raise Invalid(refusals[0].message, field=refusals[0].field)
