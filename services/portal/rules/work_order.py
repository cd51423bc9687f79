"""What a social worker with ten minutes between visits needs first: what is overdue, then what is due soonest."""

from __future__ import annotations

from typing import Any

FAR = "9999-12-31"


def children_to_see(clocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Children with a visit due (records' visit clocks): overdue first, then the soonest due; none due last."""
    return sorted(clocks, key=lambda c: (not c["overdue"], c["next_due"] or FAR, str(c["child_id"])))


def summaries_due(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Open cases with a case summary to write: overdue first, then the soonest."""
    due = [c for c in cases if c["due_on"]]
    return sorted(due, key=lambda c: (not c["overdue"], c["due_on"], str(c["case_id"])))


def actions_due(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Open supervision actions: overdue first, then by the day due."""
    return sorted(actions, key=lambda a: (not a["overdue"], a["due_date"], a["description"]))
