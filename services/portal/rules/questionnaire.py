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


def pods_chart(title: str, groups: list[dict[str, Any]]) -> dict[str, Any]:
    """Per cent positive (or yes) for each question, a bar per pod; a suppressed pod is named and marked
    suppressed in every question, with no bar."""
    pods = [g["pod_name"] or NO_POD for g in groups]
    items = [i for i in (groups[0]["items"] if groups else []) if i["kind"] in CHARTED]
    data, suppressed = [], []
    for group, pod in zip(groups, pods, strict=True):
        for item in group["items"]:
            if item["kind"] not in CHARTED:
                continue
            value = None if group["suppressed"] or item["suppressed"] else headline(item)
            if value is None:
                suppressed.append({"question": item["text"], "pod": pod})
            else:
                data.append({"question": item["text"], "pod": pod, "percent": value})
    return {
        "kind": "pods",
        "title": title,
        "domain": pods,
        "questions": [i["text"] for i in items],
        "data": data,
        "suppressed": suppressed,
        "x": "Per cent positive (or yes)",
    }
