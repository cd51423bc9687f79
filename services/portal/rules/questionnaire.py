"""A questionnaire's results as charts beside their tables: how people answered each question (positive, neutral
and negative per cent of a 1 to 5 scale; yes and no of a yes or no question), for the whole service and by pod.
A group the feedback API suppressed (too few answers, or enough to work a hidden one out) is drawn as suppressed,
never with a figure: the API sends none, and nothing here makes one up."""

from __future__ import annotations

from typing import Any

SCALE_PARTS = (("negative", "Negative (1 or 2)"), ("neutral", "Neutral (3)"), ("positive", "Positive (4 or 5)"))
CHARTED = ("scale", "yes_no")
"""A share-of-time question has an average only: its table row says it, and it is not charted."""
NO_POD = "No pod given"


def _parts(item: dict[str, Any]) -> list[tuple[str, int]]:
    if item["kind"] == "yes_no":
        return [("No", 100 - item["yes"]), ("Yes", item["yes"])] if item["yes"] is not None else []
    return [(label, item[key]) for key, label in SCALE_PARTS if item[key] is not None]


def answers_chart(title: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """A bar per question, its answers stacked to 100 per cent; a suppressed question says so where its bar is."""
    charted = [i for i in items if i["kind"] in CHARTED]
    return {
        "kind": "answers",
        "title": title,
        "domain": [i["text"] for i in charted],
        "data": [
            {"label": i["text"], "part": part, "percent": percent}
            for i in charted
            if not i["suppressed"]
            for part, percent in _parts(i)
        ],
        "suppressed": [i["text"] for i in charted if i["suppressed"]],
        "x": "Per cent of answers",
    }


def headline(item: dict[str, Any]) -> int | None:
    """The one per cent a pod is compared on: positive for a scale, yes for a yes or no question."""
    value = item["yes"] if item["kind"] == "yes_no" else item["positive"]
    return None if value is None else int(value)


def chosen_item(items: list[dict[str, Any]], wanted: str | None) -> dict[str, Any] | None:
    """The question the by-pod view compares (one at a time: a council has twenty pods or more): the one asked
    for, else the first charted."""
    charted = [i for i in items if i["kind"] in CHARTED]
    return next((i for i in charted if i["item"] == wanted), charted[0] if charted else None)


def by_pod(groups: list[dict[str, Any]], item: str) -> list[dict[str, Any]]:
    """Each pod's row for one question: its name, how many answered and the per cent, or suppressed (no figure)."""
    rows = []
    for group in groups:
        found = next((i for i in group["items"] if i["item"] == item), None)
        suppressed = group["suppressed"] or found is None or found["suppressed"]
        rows.append(
            {
                "pod": group["pod_name"] or NO_POD,
                "suppressed": suppressed,
                "respondents": None if group["suppressed"] else group["respondents"],
                "percent": None if suppressed or found is None else headline(found),
            }
        )
    return rows


def pods_chart(title: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A bar per pod; a suppressed pod is named with the word suppressed where its bar would be."""
    return {
        "kind": "pods",
        "title": title,
        "domain": [r["pod"] for r in rows],
        "data": [{"pod": r["pod"], "percent": r["percent"]} for r in rows if r["percent"] is not None],
        "suppressed": [r["pod"] for r in rows if r["percent"] is None],
        "x": "Per cent positive (or yes)",
    }
