"""Feedback and practice-quality measures (kpi.md 4): complaints by stage against the same quarter a year
earlier, stage timeliness, compliments per pod, questionnaire item means, case audits and recording time.

Quarters are calendar quarters named as supervision names its audits: 2024-Q3 is July to September 2024.
Questionnaire results are suppressed by the feedback service's rule (`shared.disclosure`): one implementation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from services.kpi.rules.shares import Share, share
from shared.disclosure import suppressed_groups, too_small

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
STAGES = (1, 2, 3)


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter | None:
        match = QUARTER.match(text)
        return cls(int(match[1]), int(match[2])) if match else None

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        following = Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        return following.start - timedelta(days=1)

    @property
    def a_year_earlier(self) -> Quarter:
        return Quarter(self.year - 1, self.number)

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.number}"


@dataclass(frozen=True, slots=True)
class StageFact:
    stage: int
    started_on: date | None
    responded_on: date | None
    in_time: bool | None


@dataclass(frozen=True, slots=True)
class StageFigures:
    stage: int
    received: int
    received_a_year_earlier: int
    change: int
    answered: int
    answered_in_time: Share


def complaints_by_stage(stages: Iterable[StageFact], quarter: Quarter) -> list[StageFigures]:
    """Per stage: complaints whose stage started in the quarter, against the same quarter a year earlier; and of
    the stages answered in the quarter, the share answered within the statutory time (extensions included)."""
    earlier = quarter.a_year_earlier
    received: Counter[tuple[int, Quarter]] = Counter()
    answered: Counter[int] = Counter()
    in_time: Counter[int] = Counter()
    for fact in stages:
        if fact.started_on is not None:
            received[fact.stage, Quarter.of(fact.started_on)] += 1
        if fact.responded_on is not None and quarter.start <= fact.responded_on <= quarter.end:
            answered[fact.stage] += 1
            in_time[fact.stage] += int(bool(fact.in_time))
    return [
        StageFigures(
            stage,
            received[stage, quarter],
            received[stage, earlier],
            received[stage, quarter] - received[stage, earlier],
            answered[stage],
            share(in_time[stage], answered[stage]),
        )
        for stage in STAGES
    ]


@dataclass(frozen=True, slots=True)
class PodCount:
    pod_id: str
    count: int
    a_year_earlier: int


def compliments_per_pod(compliments: Iterable[tuple[str | None, date]], quarter: Quarter) -> list[PodCount]:
    """Compliments received in the quarter per pod ("service" where none was named), beside a year earlier."""
    now: Counter[str] = Counter()
    before: Counter[str] = Counter()
    earlier = quarter.a_year_earlier
    for pod, received_on in compliments:
        key = pod or "service"
        if quarter.start <= received_on <= quarter.end:
            now[key] += 1
        elif earlier.start <= received_on <= earlier.end:
            before[key] += 1
    return [PodCount(pod, now[pod], before[pod]) for pod in sorted(set(now) | set(before))]


ONE_DECIMAL = Decimal("0.1")


def mean_to_one_decimal(values: Sequence[float]) -> float:
    """Half up, as published tables round (3.45 is 3.5), and as the feedback service rounds its results."""
    total = sum((Decimal(str(value)) for value in values), Decimal(0))
    return float((total / len(values)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class ItemMean:
    item: str
    kind: str
    n: int
    suppressed: bool
    mean: float | None


@dataclass(frozen=True, slots=True)
class GroupMeans:
    pod_id: str | None
    respondents: int
    suppressed: bool
    items: tuple[ItemMean, ...]


@dataclass(frozen=True, slots=True)
class RunMeans:
    run_id: str
    respondents: int
    suppressed: bool
    items: tuple[ItemMean, ...]
    pods: tuple[GroupMeans, ...]


Answer = tuple[str, Hashable, str, str, float]
"""(response, pod or None, item, kind, value)."""


def questionnaire_means(run_id: str, answers: Iterable[Answer], threshold: int) -> RunMeans:
    """Per item n and mean for the run and per pod, hiding a group under the threshold and, as the feedback
    service does, as many more as it takes that the total less the groups shown reveals no small group."""
    responses: dict[str, Hashable] = {}
    values: dict[tuple[Hashable, str], list[float]] = {}
    kinds: dict[str, str] = {}
    for response, pod, item, kind, value in answers:
        responses[response] = pod
        kinds[item] = kind
        values.setdefault((pod, item), []).append(value)
    sizes = Counter(responses.values())
    whole_hidden = too_small(len(responses), threshold)
    hidden = set(sizes) if whole_hidden else suppressed_groups(sizes, threshold)

    def item_mean(item: str, of: Sequence[float], hide: bool) -> ItemMean:
        hide = hide or too_small(len(of), threshold)
        return ItemMean(item, kinds[item], len(of), hide, None if hide else mean_to_one_decimal(of))

    service_items = []
    pod_items: dict[Hashable, list[ItemMean]] = {pod: [] for pod in sizes}
    for item in sorted(kinds):
        per_pod = {pod: values.get((pod, item), []) for pod in sizes}
        every = [value for group in per_pod.values() for value in group]
        service_items.append(item_mean(item, every, whole_hidden))
        item_hidden = suppressed_groups({pod: len(v) for pod, v in per_pod.items()}, threshold, also=hidden)
        for pod, of in per_pod.items():
            pod_items[pod].append(item_mean(item, of, whole_hidden or pod in item_hidden or pod in hidden))
    pods = tuple(
        GroupMeans(None if pod is None else str(pod), sizes[pod], pod in hidden, tuple(pod_items[pod]))
        for pod in sorted(sizes, key=lambda p: (p is None, repr(p)))
    )
    return RunMeans(run_id, len(responses), whole_hidden, tuple(service_items), pods)


@dataclass(frozen=True, slots=True)
class AuditFact:
    pod_id: str | None
    overall_grade: str | None
    grades: Mapping[str, str]
    themes: Sequence[str]


@dataclass(frozen=True, slots=True)
class AuditFigures:
    pod_id: str
    audits: int
    overall: dict[str, int]
    good_or_better: Share
    by_area: dict[str, dict[str, int]]
    themes: dict[str, int]


def case_audits(audits: Iterable[AuditFact]) -> list[AuditFigures]:
    """A quarter's case audits per pod, and for the service ("service"): grades overall and per area, themes."""
    groups: dict[str, list[AuditFact]] = {}
    for audit in audits:
        groups.setdefault("service", []).append(audit)
        groups.setdefault(audit.pod_id or "unknown", []).append(audit)
    figures = []
    for pod, facts in sorted(groups.items()):
        overall = Counter(fact.overall_grade for fact in facts if fact.overall_grade)
        by_area: dict[str, Counter[str]] = {}
        for fact in facts:
            for area, grade in fact.grades.items():
                by_area.setdefault(area, Counter())[grade] += 1
        good = overall["outstanding"] + overall["good"]
        figures.append(
            AuditFigures(
                pod,
                len(facts),
                dict(sorted(overall.items())),
                share(good, sum(overall.values())),
                {area: dict(sorted(counts.items())) for area, counts in sorted(by_area.items())},
                dict(sorted(Counter(theme for fact in facts for theme in fact.themes).items())),
            )
        )
    return figures


@dataclass(frozen=True, slots=True)
class RecordingTime:
    pod_id: str
    entry_type: str
    entries: int
    median_minutes: float
    median_characters: float


def recording_time(entries: Iterable[tuple[str | None, str, int, int]]) -> list[RecordingTime]:
    """Per pod (of the worker who completed the entry) and kind of entry: entries completed and the median time
    from draft to completion; aggregates only, never one worker's."""
    groups: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for pod, kind, seconds, characters in entries:
        groups.setdefault((pod or "unknown", kind), []).append((seconds, characters))
    return [
        RecordingTime(
            pod,
            kind,
            len(values),
            round(median(seconds for seconds, _ in values) / 60, 1),
            float(median(characters for _, characters in values)),
        )
        for (pod, kind), values in sorted(groups.items())
    ]
