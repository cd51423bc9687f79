"""Questionnaire results as charts: the API's own per cents drawn, a suppressed question or pod drawn as
suppressed and never with a figure, shares of time left to the table."""

from __future__ import annotations

from typing import Any

from services.portal.rules.questionnaire import answers_chart, by_pod, chosen_item, headline, pods_chart


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


def test_one_question_by_pod_and_a_suppressed_pod_has_no_figure() -> None:
    groups: list[dict[str, Any]] = [
        {"pod_name": "North", "suppressed": False, "respondents": 7, "items": [_item("recommend", "yes_no", yes=57)]},
        {
            "pod_name": "South",
            "suppressed": True,
            "respondents": None,
            "items": [_item("recommend", "yes_no", suppressed=True)],
        },
        {
            "pod_name": None,
            "suppressed": True,
            "respondents": None,
            "items": [_item("recommend", "yes_no", suppressed=True)],
        },
    ]
    rows = by_pod(groups, "recommend")
    assert rows == [
        {"pod": "North", "suppressed": False, "respondents": 7, "percent": 57},
        {"pod": "South", "suppressed": True, "respondents": None, "percent": None},
        {"pod": "No pod given", "suppressed": True, "respondents": None, "percent": None},
    ]
    spec = pods_chart("By pod", rows)
    assert spec["domain"] == ["North", "South", "No pod given"]
    assert spec["data"] == [{"pod": "North", "percent": 57}]
    assert spec["suppressed"] == ["South", "No pod given"]
    assert headline(_item("supported", "scale", positive=40)) == 40


def test_the_question_compared_by_pod_is_the_one_asked_for_else_the_first_charted() -> None:
    items = [_item("travel", "share_of_time"), _item("recommend", "yes_no", yes=1), _item("valued", "scale")]
    assert chosen_item(items, "valued") == items[2]
    assert chosen_item(items, "travel") == items[1], "a share of time is not compared by pod"
    assert chosen_item(items, None) == items[1]
    assert chosen_item([items[0]], None) is None
