"""The days this API takes: ISO dates from 1900 to 2199. Wider than any child's record, and narrow enough that a
day plus the weeks an agenda or a schedule looks ahead is always a date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from shared.runtime.bodies import IsoDate

Day = Annotated[IsoDate, Field(ge=date(1900, 1, 1), le=date(2199, 12, 31))]
