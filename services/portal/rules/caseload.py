"""A caseload against capacity, as a worker or manager reads it: counts beside points, and how full."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.vocabulary import CpCategory

NEAR_CAPACITY = 0.85
"""From 85% of capacity a caseload is flagged as near full: room for one more family, not for a sibling group."""


@dataclass(frozen=True)
class Fullness:
    percent: int | None
    label: str
    tag: str
    """The GOV.UK tag colour class: green within capacity, yellow near it, red over it, grey without capacity."""


def fullness(points: float, capacity: float) -> Fullness:
    if capacity <= 0:
        return Fullness(None, "No capacity", "govuk-tag--grey")
    used = points / capacity
    percent = round(used * 100)
    if used > 1:
        return Fullness(percent, "Over capacity", "govuk-tag--red")
    if used >= NEAR_CAPACITY:
        return Fullness(percent, "Near capacity", "govuk-tag--yellow")
    return Fullness(percent, "Within capacity", "govuk-tag--green")


def points(value: float) -> str:
    """Points as people say them: 16.5, 18 (no trailing .0)."""
    return f"{value:g}" if value == round(value, 1) else f"{value:.1f}"


def status_labels(kinds: list[str], in_court: bool) -> list[str]:
    labels = {"CIN": "Child in need", "CP": "Child protection plan", "CLA": "Looked after"}
    shown = [labels.get(kind, kind) for kind in kinds]
    return [*shown, "In court proceedings"] if in_court else shown


def status_detail(status: dict[str, Any]) -> str:
    """A CP plan's category of abuse, a looked-after child's legal status, in words."""
    if status.get("cp_category"):
        return CpCategory(status["cp_category"]).label
    if status.get("legal_status"):
        return f"legal status {status['legal_status']}"
    return ""


def by_child_name(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cases in the order a worker scans them: by family name, then given name."""
    return sorted(cases, key=lambda case: (case["child_name"].split(" ")[-1], case["child_name"]))


def pod_order(name: str) -> tuple[int, str]:
    """Pods as people list them: Pod 2 before Pod 10."""
    digits = "".join(ch for ch in name.split("(")[0] if ch.isdigit())
    return (int(digits) if digits else 0, name)
