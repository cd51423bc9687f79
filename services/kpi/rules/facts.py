"""The facts the measures are computed from, as the KPI read model holds them.

Every end date is the date the period ended (SSDA903 DEC / SW_DEC), None while it is open. A social worker
handed over on day D ends on D and the next episode starts on D: the two are contiguous, not overlapping.
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal

StatusKind = Literal["CIN", "CP", "CLA"]
Employment = Literal["employed", "agency"]


@dataclass(frozen=True, slots=True)
class Episode:
    """A social worker episode: one worker allocated to a child's case. Cover is never an episode.

    reason is the SSDA903 SW_REASON code of the change that started it, None for a first allocation.
    """

    allocation_id: str
    child_id: str
    case_id: str
    worker_id: str
    pod_id: str
    start: date
    end: date | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class StatusPeriod:
    """legal_status is the SSDA903 LS code of a looked-after (CLA) period, None for CIN and CP."""

    child_id: str
    case_id: str
    kind: StatusKind
    start: date
    end: date | None
    legal_status: str | None


@dataclass(frozen=True, slots=True)
class CourtPeriod:
    """Court proceedings on a case (e.g. care proceedings)."""

    case_id: str
    start: date
    end: date | None


@dataclass(frozen=True, slots=True)
class CasePeriod:
    case_id: str
    child_id: str
    start: date
    end: date | None


@dataclass(frozen=True, slots=True)
class ChildFacts:
    child_id: str
    uasc: bool


@dataclass(frozen=True, slots=True)
class Membership:
    worker_id: str
    pod_id: str
    role: str
    fte: float
    start: date
    end: date | None


@dataclass(frozen=True, slots=True)
class Worker:
    worker_id: str
    employment: Employment


def reporting_year(year: int) -> tuple[date, date]:
    """The DfE reporting year named by its end year: 2024 is 1 April 2023 to 31 March 2024."""
    return date(year - 1, 4, 1), date(year, 3, 31)
