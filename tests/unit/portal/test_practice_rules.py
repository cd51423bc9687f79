"""Performance's practice panels: whose children they count, the quarter, and the series they chart."""

from __future__ import annotations

from datetime import date

from services.portal.rules.practice import Quarter, complaint_rows, compliment_rows, practice_pod, quarter_of


def test_a_quarter_is_the_calendar_quarter_and_a_year_earlier_the_same_one() -> None:
    assert quarter_of(date(2016, 3, 31)).label == "2016-Q1"
    assert quarter_of(date(2016, 4, 1)).label == "2016-Q2"
    assert quarter_of(date(2026, 12, 3)).a_year_earlier.label == "2025-Q4"
    assert Quarter(2016, 1).months == "January to March 2016"


def test_a_pod_manager_sees_only_their_own_pods_and_the_council_wide_the_council_unless_they_choose() -> None:
    assert practice_pod(frozenset({"pod_manager"}), ("north", "east"), "south") == "north"
    assert practice_pod(frozenset({"pod_manager"}), ("north", "east"), "east") == "east"
    assert practice_pod(frozenset({"pod_manager"}), ("north",), None) == "north"
    assert practice_pod(frozenset({"performance_analyst"}), (), None) is None
    assert practice_pod(frozenset({"head_of_service"}), (), "south") == "south"


def test_complaints_chart_a_year_earlier_beside_this_quarter_per_stage() -> None:
    stages = [
        {"stage": 2, "received": 2, "received_a_year_earlier": 5},
        {"stage": 1, "received": 15, "received_a_year_earlier": 41},
    ]

    rows, chart = complaint_rows(stages, Quarter(2016, 1))

    assert [row["label"] for row in rows] == ["Stage 1", "Stage 2"]
    assert chart["data"][:2] == [
        {"label": "Stage 1", "period": "2015-Q1", "value": 41},
        {"label": "Stage 1", "period": "2016-Q1", "value": 15},
    ]


def test_compliments_keep_the_pod_shown_and_name_the_ones_without_a_pod() -> None:
    pods = [
        {"pod_id": "n", "count": 3, "a_year_earlier": 1},
        {"pod_id": "s", "count": 1, "a_year_earlier": 0},
        {"pod_id": "service", "count": 2, "a_year_earlier": 2},
    ]
    names = {"n": "Pod 1 (North)", "s": "Pod 2 (South)"}

    everyone, _ = compliment_rows(pods, names, None, Quarter(2016, 1))
    north, chart = compliment_rows(pods, names, "n", Quarter(2016, 1))

    assert [row["label"] for row in everyone] == ["No pod named", "Pod 1 (North)", "Pod 2 (South)"]
    assert [row["label"] for row in north] == ["Pod 1 (North)"]
    assert [point["value"] for point in chart["data"]] == [1, 3]
