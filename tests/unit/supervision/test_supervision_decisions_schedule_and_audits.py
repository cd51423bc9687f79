"""What makes a decision; the days a weekly schedule meets; quarters, the audit sample and the quarterly tally."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.supervision.rules.audits import AuditFindings, quarter_bounds, quarter_of, quarterly_report, sample
from services.supervision.rules.decisions import refusal, says_nothing
from services.supervision.rules.schedule import meeting_days


@pytest.mark.parametrize(
    "text", ["", "Case discussed, plan agreed.", "NOTED", "see above", "no change", "Continue with plan", "ok fine"]
)
def test_stock_phrases_and_a_word_or_two_record_no_decision(text: str) -> None:
    assert says_nothing(text)


def test_a_decision_with_its_reason_stands() -> None:
    assert (
        refusal("Step down to a child in need plan from 1 April", "Three months of safe weekends, seen by school")
        is None
    )
    assert refusal("Step down to a child in need plan from 1 April", "see notes") == (
        "rationale",
        "a decision needs its rationale: why this, on what the pod knows of the child's safety",
    )


@given(
    st.integers(0, 4),
    st.integers(1, 4),
    st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    st.integers(0, 400),
    st.integers(0, 200),
)
def test_a_schedule_meets_on_its_weekday_every_n_weeks_within_the_window(
    weekday: int, every: int, since: date, start_after: int, length: int
) -> None:
    start = since + timedelta(days=start_after)
    until = start + timedelta(days=length)

    days = meeting_days(weekday, every, since, start, until)

    assert all(start <= day <= until and day.weekday() == weekday for day in days)
    assert all(((day - days[0]).days // 7) % every == 0 for day in days)
    first_possible = since + timedelta(days=(weekday - since.weekday()) % 7)
    assert all(((day - first_possible).days // 7) % every == 0 for day in days)
    missed = start + timedelta(days=(weekday - start.weekday()) % 7)
    while missed <= until and ((missed - first_possible).days // 7) % every:
        missed += timedelta(weeks=1)
    assert (days[0] if days else None) == (missed if missed <= until else None)


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)))
def test_every_day_lies_in_its_own_quarter(day: date) -> None:
    first, last = quarter_bounds(quarter_of(day))

    assert first <= day <= last
    assert quarter_of(first) == quarter_of(last) == quarter_of(day)
    assert quarter_of(last + timedelta(days=1)) != quarter_of(day)


def test_a_quarter_is_written_like_2024_q3() -> None:
    assert quarter_bounds("2024-Q3") == (date(2024, 7, 1), date(2024, 9, 30))
    with pytest.raises(ValueError):
        quarter_bounds("2024-Q5")


def test_the_sample_takes_cases_not_audited_within_a_year_first_and_is_reproducible() -> None:
    pod = uuid.uuid4()
    children = [uuid.uuid4() for _ in range(10)]
    audited = set(children[:7])

    drawn = sample(children, audited, 4, pod, "2024-Q2")

    assert set(drawn[:3]) == set(children[7:])
    assert drawn == sample(list(reversed(children)), audited, 4, pod, "2024-Q2")
    assert sample(children, set(), 10, pod, "2024-Q2") != sample(children, set(), 10, pod, "2024-Q3")


def test_the_quarterly_report_counts_grades_per_area_and_themes_per_pod_and_service() -> None:
    north, south = uuid.uuid4(), uuid.uuid4()
    audits = [
        AuditFindings(north, {"planning": "good", "child_voice": "outstanding"}, "good", ["child_voice"]),
        AuditFindings(north, {"planning": "inadequate"}, "requires_improvement", ["progress_of_plan", "child_voice"]),
        AuditFindings(south, {"planning": "good"}, "outstanding", ["child_voice", "child_voice"]),
    ]

    service, pods = quarterly_report(audits)

    assert (service.audits, service.good_or_better()) == (3, 2)
    assert dict(service.by_area["planning"]) == {"good": 2, "inadequate": 1}
    assert dict(service.themes) == {"child_voice": 3, "progress_of_plan": 1}, "a theme counts once per audit"
    assert (pods[north].audits, pods[south].audits) == (2, 1)
