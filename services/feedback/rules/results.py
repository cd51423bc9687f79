"""Questionnaire results as councils publish them, with no respondent singled out.

Per item: n, the mean to one decimal, and for a 1-5 scale the shares positive (> 3), neutral (= 3) and negative
(< 3); for a yes or no, the share saying yes; for a share of time, the mean per cent. Rounding is half up, as
published tables round (a mean of 3.45 is 3.5, not Python's banker's 3.4); shares are whole per cents, half up.

Suppression (`shared.disclosure`, one rule with the KPI service): a group (the whole run, or one pod's
respondents) with fewer answers than the threshold is not reported. Hiding one small pod is not enough when the
service total is shown: the total less the pods shown would give the hidden pod's figures. So when any group is
hidden, further groups are hidden, smallest first, until the hidden groups together hold at least the threshold
(complementary suppression): then the difference reveals only a group as large as the threshold allows. The
respondents whose pod is not stated are a group like a pod for this purpose, since the total less every pod
would reveal them. A group hidden for its respondents is hidden in every item too. And a run still open shows
only how many have answered, so two reports a day apart cannot be subtracted to read the latest answers.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from services.feedback.rules.items import Item
from shared.disclosure import suppressed_groups as suppressed_groups  # re-exported: one rule, shared with the KPI
from shared.disclosure import too_small

ONE_DECIMAL = Decimal("0.1")


def mean_to_one_decimal(values: Sequence[float]) -> float:
    total = sum((Decimal(str(value)) for value in values), Decimal(0))
    return float((total / len(values)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP))


def per_cent(count: int, of: int) -> int:
    return int((Decimal(100 * count) / of).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class ItemResult:
    item: str
    text: str
    kind: str
    n: int
    suppressed: bool
    mean: float | None = None
    positive: int | None = None
    neutral: int | None = None
    negative: int | None = None
    yes: int | None = None


def summarise(item: Item, values: Sequence[float]) -> ItemResult:
    """One item over a group's answers, unsuppressed (`suppressed_groups` decides what may be shown)."""
    n = len(values)
    if n == 0:
        return ItemResult(item.code, item.text, item.kind, 0, suppressed=True)
    if item.kind == "yes_no":
        return ItemResult(item.code, item.text, item.kind, n, False, yes=per_cent(sum(v == 1 for v in values), n))
    mean = mean_to_one_decimal(values)
    if item.kind == "share_of_time":
        return ItemResult(item.code, item.text, item.kind, n, False, mean=mean)
    return ItemResult(
        item.code,
        item.text,
        item.kind,
        n,
        False,
        mean=mean,
        positive=per_cent(sum(v > 3 for v in values), n),
        neutral=per_cent(sum(v == 3 for v in values), n),
        negative=per_cent(sum(v < 3 for v in values), n),
    )


def hidden(item: Item, n: int) -> ItemResult:
    return ItemResult(item.code, item.text, item.kind, n, suppressed=True)


@dataclass(frozen=True, slots=True)
class GroupResult:
    group: Hashable
    respondents: int
    suppressed: bool
    items: tuple[ItemResult, ...]


@dataclass(frozen=True, slots=True)
class RunResults:
    respondents: int
    suppressed: bool
    items: tuple[ItemResult, ...]
    groups: tuple[GroupResult, ...]


Response = tuple[Hashable, Mapping[str, float]]
"""One response: its group (a pod id, or None where no pod was stated) and its answers by item code."""


def run_results(items: Sequence[Item], responses: Sequence[Response], threshold: int) -> RunResults:
    """The run's results for the service and each group, with everything too small to show hidden."""
    total = len(responses)
    whole_run_hidden = too_small(total, threshold)
    respondents: dict[Hashable, int] = {}
    for group, _ in responses:
        respondents[group] = respondents.get(group, 0) + 1
    hidden_groups = set(respondents) if whole_run_hidden else suppressed_groups(respondents, threshold)

    service_items = []
    group_items: dict[Hashable, list[ItemResult]] = {group: [] for group in respondents}
    for item in items:
        by_group: dict[Hashable, list[float]] = {group: [] for group in respondents}
        for group, answers in responses:
            if item.code in answers:
                by_group[group].append(answers[item.code])
        every = [value for values in by_group.values() for value in values]
        service_hidden = whole_run_hidden or too_small(len(every), threshold)
        service_items.append(hidden(item, len(every)) if service_hidden else summarise(item, every))
        sizes = {group: len(values) for group, values in by_group.items()}
        hide = set(sizes) if service_hidden else suppressed_groups(sizes, threshold, also=hidden_groups)
        for group, values in by_group.items():
            group_hidden = group in hide or group in hidden_groups or not values
            group_items[group].append(hidden(item, len(values)) if group_hidden else summarise(item, values))

    groups = tuple(
        GroupResult(group, respondents[group], group in hidden_groups, tuple(group_items[group]))
        for group in sorted(respondents, key=lambda g: (g is None, repr(g)))
    )
    return RunResults(total, whole_run_hidden, tuple(service_items), groups)


@dataclass(frozen=True, slots=True)
class ItemComparison:
    item: str
    text: str
    kind: str
    before: ItemResult
    after: ItemResult
    mean_change: float | None
    positive_change: int | None
    yes_change: int | None


def compare(before: Sequence[ItemResult], after: Sequence[ItemResult]) -> list[ItemComparison]:
    """Items in both runs (by code, of the same kind), the change in mean and shares where both are shown."""
    earlier = {result.item: result for result in before}
    compared = []
    for later in after:
        first = earlier.get(later.item)
        if first is None or first.kind != later.kind:
            continue
        both = not first.suppressed and not later.suppressed
        compared.append(
            ItemComparison(
                later.item,
                later.text,
                later.kind,
                first,
                later,
                _change(first.mean, later.mean, both),
                _whole_change(first.positive, later.positive, both),
                _whole_change(first.yes, later.yes, both),
            )
        )
    return compared


def _change(first: float | None, later: float | None, both: bool) -> float | None:
    if not both or first is None or later is None:
        return None
    return float((Decimal(str(later)) - Decimal(str(first))).quantize(ONE_DECIMAL))


def _whole_change(first: int | None, later: int | None, both: bool) -> int | None:
    return later - first if both and first is not None and later is not None else None
