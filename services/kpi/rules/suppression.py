"""Small-number suppression for exports meant for publication (kpi.md 5); internal views show raw counts."""


def suppress(count: int, threshold: int = 5) -> int | str:
    """A count under the threshold, zero included, becomes "<threshold": it could identify a child."""
    if count < 0:
        raise ValueError(f"a count cannot be negative: {count}")
    return f"<{threshold}" if count < threshold else count
