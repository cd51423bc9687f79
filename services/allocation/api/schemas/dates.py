"""The dates and times the allocation service takes: ISO 8601 within the years a children's social care record can
be about (shared.runtime.bodies)."""

from __future__ import annotations

from shared.runtime.bodies import EARLIEST, LATEST, RecordDate, RecordDateTime

IsoDate = RecordDate
IsoDateTime = RecordDateTime

__all__ = ["EARLIEST", "LATEST", "IsoDate", "IsoDateTime"]
