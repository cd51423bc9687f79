"""Case audits (the quality assurance framework): quarters, the quarterly sample, and the report of grades and
practice themes that feeds learning and development."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from shared.vocabulary import AuditArea, AuditGrade, PracticeTheme

QUARTER_PATTERN = r"^((?:19|20)\d\d)-Q([1-4])$"
"""Calendar quarters of the years 1900 to 2099, e.g. 2024-Q3."""
QUARTER = re.compile(QUARTER_PATTERN)


def quarter_of(day: date) -> str:
    """Calendar quarters: 2024-Q3 is July to September 2024."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[date, date]:
    """The first and last day of a quarter such as 2024-Q3; ValueError for anything else."""
    matched = QUARTER.fullmatch(quarter)
    if matched is None:
        raise ValueError("a quarter is written like 2024-Q3")
    year, number = int(matched[1]), int(matched[2])
    first = date(year, 3 * number - 2, 1)
    last = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


@dataclass(frozen=True, slots=True)
class AuditFindings:
    pod_id: uuid.UUID
    grades: Mapping[str, str]
    overall_grade: str
    themes: Sequence[str]


@dataclass
class Tally:
    """How many audits, their overall grades, the grades given in each area, and the themes tagged."""

    audits: int = 0
    overall: Counter[str] = field(default_factory=Counter)
    by_area: dict[str, Counter[str]] = field(default_factory=dict)
    themes: Counter[str] = field(default_factory=Counter)

    def add(self, audit: AuditFindings) -> None:
        self.audits += 1
        self.overall[audit.overall_grade] += 1
        for area, grade in audit.grades.items():
            self.by_area.setdefault(area, Counter())[grade] += 1
        self.themes.update(set(audit.themes))

    def good_or_better(self) -> int:
        return self.overall[AuditGrade.OUTSTANDING] + self.overall[AuditGrade.GOOD]


def quarterly_report(audits: Iterable[AuditFindings]) -> tuple[Tally, dict[uuid.UUID, Tally]]:
    """The service's tally and each pod's."""
    service, pods = Tally(), dict[uuid.UUID, Tally]()
    for audit in audits:
        service.add(audit)
        pods.setdefault(audit.pod_id, Tally()).add(audit)
    return service, pods


GRADES_BEST_FIRST = tuple(grade.value for grade in AuditGrade)
AREAS = tuple(area.value for area in AuditArea)
THEMES = tuple(theme.value for theme in PracticeTheme)


def sample(
    children: Sequence[uuid.UUID], audited_within_a_year: set[uuid.UUID], size: int, pod_id: uuid.UUID, quarter: str
) -> list[uuid.UUID]:
    """A pod's audit sample for a quarter, of the children whose cases it holds: those whose case was not audited
    in the last year first, in an order nobody chooses (a hash of pod, quarter and child) but anyone can reproduce;
    then, if the pod holds too few, the others."""

    def draw(child_id: uuid.UUID) -> tuple[bool, str]:
        digest = hashlib.sha256(f"{pod_id}:{quarter}:{child_id}".encode()).hexdigest()
        return child_id in audited_within_a_year, digest

    return sorted(children, key=draw)[:size]
