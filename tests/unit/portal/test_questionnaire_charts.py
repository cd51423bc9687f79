"""Questionnaire results as charts: the API's own per cents drawn, a suppressed question or pod drawn as
suppressed and never with a figure, shares of time left to the table."""

from __future__ import annotations

from typing import Any

from services.portal.rules.questionnaire import answers_chart, headline, pods_chart


def _item(item: str, kind: str, *, suppressed: bool = False, **figures: int | None) -> dict[str, Any]:
    base: dict[str, Any] = {"positive": None, "neutral": None, "negative": None, "yes": None}
    if suppressed:
        return {"item": item, "text": item.title(), "kind": kind, "suppressed": True, "n": None, **base}
    return {"item": item, "text": item.title(), "kind": kind, "suppressed": False, "n": 9, **base, **figures}


def test_each_question_is_stacked_from_the_apis_per_cents_and_a_suppressed_one_is_named_only() -> None:
    items = [
        _item("supported", "scale", positive=60, neutral=25, negative=15),
        _item("recommend", "yes_no", yes=64),
        _item("travel", "share_of_time"),
        _item("valued", "scale", suppressed=True),
    ]
    spec = answers_chart("Health check", items)
    assert spec["domain"] == ["Supported", "Recommend", "Valued"]
    assert spec["data"] == [
        {"label": "Supported", "part": "Negative (1 or 2)", "percent": 15},
        {"label": "Supported", "part": "Neutral (3)", "percent": 25},
        {"label": "Supported", "part": "Positive (4 or 5)", "percent": 60},
        {"label": "Recommend", "part": "No", "percent": 36},
        {"label": "Recommend", "part": "Yes", "percent": 64},
    ]
    assert spec["suppressed"] == ["Valued"]


def test_a_suppressed_pod_is_in_the_chart_with_no_figure() -> None:
    groups: list[dict[str, Any]] = [
        {"pod_name": "North", "suppressed": False, "items": [_item("recommend", "yes_no", yes=57)]},
        {"pod_name": "South", "suppressed": True, "items": [_item("recommend", "yes_no", suppressed=True)]},
        {"pod_name": None, "suppressed": True, "items": [_item("recommend", "yes_no", suppressed=True)]},
    ]
    spec = pods_chart("By pod", groups)
    assert spec["domain"] == ["North", "South", "No pod given"]
    assert spec["data"] == [{"question": "Recommend", "pod": "North", "percent": 57}]
    assert spec["suppressed"] == [
        {"question": "Recommend", "pod": "South"},
        {"question": "Recommend", "pod": "No pod given"},
    ]
    assert headline(_item("supported", "scale", positive=40)) == 40
