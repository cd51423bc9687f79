"""The dates and times the allocation service takes: ISO 8601 (shared.runtime.bodies), and within the years a
children's social care record can be about, so year 0001 or 9999 is a 422 naming the field, never a fact."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from shared.runtime import bodies

EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)
_BOUNDS: dict[str, Any] = {"formatMinimum": EARLIEST.isoformat(), "formatMaximum": LATEST.isoformat()}


def _in_bounds(day: date) -> date:
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"a date between {EARLIEST} and {LATEST}")
    return day


def _moment_in_bounds(moment: datetime) -> datetime:
    _in_bounds(moment.date())
    return moment


IsoDate = Annotated[bodies.IsoDate, AfterValidator(_in_bounds), Field(json_schema_extra=_BOUNDS)]
IsoDateTime = Annotated[bodies.IsoDateTime, AfterValidator(_moment_in_bounds), Field(json_schema_extra=_BOUNDS)]
