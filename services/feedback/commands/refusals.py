"""The rules refuse in their own words (`rules.refusals.Refused`); the API answers 422 for bad input and 409 for a
clash with the complaint's, run's or action's current state, naming the field either way."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from services.feedback.rules.refusals import Refused
from shared.problems import Conflict, Invalid


@contextmanager
def as_problems() -> Iterator[None]:
    try:
        yield
    except Refused as refused:
        problem = Conflict if refused.conflict else Invalid
        raise problem(refused.message, field=refused.field) from None
