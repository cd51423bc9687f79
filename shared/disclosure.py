"""Small numbers that could single someone out are suppressed: one rule for every report that leaves a service
(KPI exports meant for publication, questionnaire results, staff surveys)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

G = TypeVar("G", bound=Hashable)


DEFAULT_THRESHOLD = 5


def suppress(count: int, threshold: int = DEFAULT_THRESHOLD) -> int | str:
    """A count under the threshold, zero included, becomes "<threshold": it could identify a child or a respondent."""
    if count < 0:
        raise ValueError(f"a count cannot be negative: {count}")
    return f"<{threshold}" if count < threshold else count


def too_small(count: int, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """A group this small is not reported at all (its mean and shares would identify its members)."""
    return count < threshold


def suppressed_groups(sizes: Mapping[G, int], threshold: int, *, also: Iterable[G] = ()) -> set[G]:
    """The groups not to report, out of groups of these sizes reported beside their total: every group under the
    threshold, and (with `also`, groups hidden for another reason) as many more, smallest first, as it takes for
    the hidden ones to hold at least the threshold between them; every group when that cannot be done. Groups of
    size 0 contribute nothing to any figure and are never reported."""
    present = {group: size for group, size in sizes.items() if size > 0}
    hiding = {group for group, size in present.items() if too_small(size, threshold)}
    hiding |= {group for group in also if group in present}
    while hiding and too_small(sum(present[group] for group in hiding), threshold):
        shown = sorted((g for g in present if g not in hiding), key=lambda g: (present[g], repr(g)))
        if not shown:
            break
        hiding.add(shown[0])
    return hiding
