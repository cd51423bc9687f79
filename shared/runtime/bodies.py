"""What every request and response body of every service shares: strict input, ISO dates and times, UTC, and
examples that become the OpenAPI's. Codes come from shared/vocabulary.py, so a wrong code is a 422 naming the
field."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field


def _in_utc(moment: datetime) -> datetime:
    # SQLite hands back timestamps without their zone; every timestamp we store is UTC.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


UtcDateTime = Annotated[datetime, AfterValidator(_in_utc)]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    """Only `2016-07-31`: a number is not a date, though a lenient parser would read it as seconds since 1970."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return date.fromisoformat(value)
    raise ValueError("a date is written as an ISO 8601 string such as 2016-07-31")


def _iso_datetime(value: object) -> object:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value) and len(value) > 10:
        return datetime.fromisoformat(value)
    raise ValueError("a time is written as an ISO 8601 string such as 2016-07-31T09:30:00Z")


IsoDate = Annotated[date, Field(strict=False), BeforeValidator(_iso_date)]
IsoDateTime = Annotated[datetime, Field(strict=False), BeforeValidator(_iso_datetime)]
Id = Annotated[uuid.UUID, Field(strict=False)]

EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)
"""The years a children's social care record can be about: year 0001 or 9999 is a 422 naming the field, never a
fact (nor a 500 from a database or a calendar that cannot hold it)."""
_BOUNDS: dict[str, Any] = {"formatMinimum": EARLIEST.isoformat(), "formatMaximum": LATEST.isoformat()}


def _in_bounds(day: date) -> date:
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"a date between {EARLIEST} and {LATEST}")
    return day


def _moment_in_bounds(moment: datetime) -> datetime:
    _in_bounds(moment.date())
    return moment


RecordDate = Annotated[IsoDate, AfterValidator(_in_bounds), Field(json_schema_extra=_BOUNDS)]
RecordDateTime = Annotated[IsoDateTime, AfterValidator(_moment_in_bounds), Field(json_schema_extra=_BOUNDS)]


class In(BaseModel):
    """Request bodies are strict: `1` is not `true`, `"1.0"` is not a number; dates and ids are strings."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)


def example(**values: Any) -> ConfigDict:
    return ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True, json_schema_extra={"examples": [values]})


def response_example(**values: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [values]})
