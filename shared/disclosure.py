"""Small numbers that could single someone out are suppressed: one rule for every report that leaves a service
(KPI exports meant for publication, questionnaire results, staff surveys)."""

DEFAULT_THRESHOLD = 5


def suppress(count: int, threshold: int = DEFAULT_THRESHOLD) -> int | str:
    """A count under the threshold, zero included, becomes "<threshold": it could identify a child or a respondent."""
    if count < 0:
        raise ValueError(f"a count cannot be negative: {count}")
    return f"<{threshold}" if count < threshold else count


def too_small(count: int, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """A group this small is not reported at all (its mean and shares would identify its members)."""
    return count < threshold
