"""The portal's presentation rules: fullness against capacity, dates typed in GOV.UK date inputs, the transfer and
sign-in forms' errors, a child's continuity history, the monitoring range, and who is offered which page."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.portal.rules.caseload import fullness, pod_order, points
from services.portal.rules.dates import long_date, read_date
from services.portal.rules.history import episodes, ordinal, workers_in_last_year
from services.portal.rules.monitoring import last_twelve_months, read_range
from services.portal.rules.navigation import home_for, pages_for
from services.portal.rules.sign_in import read_claims
from services.portal.rules.transfer_form import read_transfer

TODAY = date(2016, 3, 9)


@given(st.floats(0, 100), st.floats(0.5, 50))
def test_fullness_is_the_rounded_share_of_capacity_and_over_means_over(used: float, capacity: float) -> None:
    full = fullness(used, capacity)

    assert full.percent == round(used / capacity * 100)
    assert (full.label == "Over capacity") == (used > capacity)


def test_fullness_without_capacity_says_so_rather_than_dividing_by_zero() -> None:
    assert (fullness(3, 0).percent, fullness(3, 0).label) == (None, "No capacity")
    assert fullness(15.5, 18).label == "Near capacity"
    assert fullness(10, 18).tag == "govuk-tag--green"


def test_points_read_as_people_say_them_and_pods_sort_by_number() -> None:
    assert [points(16.5), points(18.0), points(10.8)] == ["16.5", "18", "10.8"]
    assert sorted(["Pod 10 (Valley)", "Pod 2 (South)", "Pod 1 (North)"], key=pod_order) == [
        "Pod 1 (North)",
        "Pod 2 (South)",
        "Pod 10 (Valley)",
    ]


def test_a_date_input_names_what_is_missing_or_not_real() -> None:
    assert read_date("27", "3", "2016", what="the date") == (date(2016, 3, 27), None)
    assert read_date("", "", "", what="the date") == (None, "Enter the date")
    assert read_date("27", "", "", what="the date")[1] == "The date must include a month and year"
    assert read_date("31", "2", "2016", what="the date")[1] == "The date must be a real date"
    assert read_date("1", "2", "16", what="the date")[1] == "The date must be a real date"
    assert long_date("2016-03-01") == "1 March 2016"


def test_the_transfer_form_names_each_field_the_user_must_correct() -> None:
    choice, errors = read_transfer({"effective_date-day": "40", "effective_date-month": "1"}, TODAY)

    assert choice is None
    assert set(errors) == {"to_worker_id", "reason", "effective_date"}
    assert errors["effective_date"] == "The date the transfer takes effect must include a year"


def test_a_transfer_in_the_future_is_refused_and_a_complete_one_is_read() -> None:
    tomorrow = TODAY + timedelta(days=1)
    typed = {"to_worker_id": "w", "reason": "MANAGE", "effective_date-day": str(tomorrow.day)}
    typed |= {"effective_date-month": str(tomorrow.month), "effective_date-year": str(tomorrow.year)}

    _, future = read_transfer(typed, TODAY)
    choice, none = read_transfer({**typed, "effective_date-day": str(TODAY.day)}, TODAY)

    assert future == {"effective_date": "The date the transfer takes effect must be today or in the past"}
    assert none == {}
    assert choice is not None
    assert choice.effective_date == TODAY


def _allocation(worker: str | None, start: str, end: str | None, reason: str | None = None) -> dict[str, object]:
    return {
        "case_id": "c",
        "pod_id": "p",
        "worker_id": worker,
        "start_date": start,
        "end_date": end,
        "start_reason": reason,
        "entered_in_error": False,
    }


def test_a_child_who_goes_back_to_a_worker_counts_them_once_and_errors_are_left_out() -> None:
    history = episodes(
        [
            _allocation("A", "2015-04-01", "2015-06-01"),
            _allocation("B", "2015-06-01", "2015-09-01", "MANAGE"),
            _allocation("A", "2015-09-01", None, "CHCHAN"),
            {**_allocation("C", "2015-05-01", "2015-05-02"), "entered_in_error": True},
            _allocation("D", "2013-01-01", "2014-01-01"),
        ]
    )

    assert [e.worker_id for e in history] == ["A", "B", "A", "D"], "newest first, the error left out"
    assert [e.reason for e in history][:2] == ["Child requested change", "Managing caseloads"]
    assert workers_in_last_year(history, TODAY) == 2
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
    ]


@given(st.dates(date(2001, 1, 1), date(2099, 12, 31)))
def test_the_monitoring_range_is_the_twelve_months_before_this_one(today: date) -> None:
    first, last = last_twelve_months(today)
    (first_year, first_month), (last_year, last_month) = map(int, first.split("-")), map(int, last.split("-"))

    assert (last_year * 12 + last_month) - (first_year * 12 + first_month) == 11
    assert (last_year, last_month) < (today.year, today.month)
    assert (today.year * 12 + today.month) - (last_year * 12 + last_month) == 1


def test_a_month_range_typed_wrong_names_the_field_and_falls_back_to_the_default() -> None:
    assert read_range("2015-11", "2016-07", TODAY) == ("2015-11", "2016-07", {})
    first, last, errors = read_range("November", "2016-07", TODAY)
    assert (first, last) == last_twelve_months(TODAY)
    assert list(errors) == ["from"]
    assert list(read_range("2016-07", "2015-11", TODAY)[2]) == ["from"]


def test_each_role_is_offered_its_pages_and_starts_on_its_own() -> None:
    worker = frozenset({"social_worker"})
    assert [p.key for p in pages_for(worker, "w1")] == ["my-work", "children", "supervision"]
    manager = ["pods", "children", "supervision", "feedback", "performance"]
    assert [p.key for p in pages_for(frozenset({"pod_manager"}), None)] == manager
    assert [p.key for p in pages_for(frozenset({"performance_analyst"}), None)] == ["performance"]
    assert home_for(worker, "w1") == "/my-work"
    assert home_for(frozenset({"pod_manager"}), "w2") == "/pods"
    assert home_for(frozenset({"performance_analyst"}), None) == "/performance"


def test_development_sign_in_asks_pod_staff_for_their_pod_and_who_they_are() -> None:
    assert read_claims({})[1] == {"role": "Select your role"}
    assert read_claims({"role": "social_worker"})[1] == {
        "pod_id": "Select your pod",
        "worker_id": "Select who you are",
    }
    claims, errors = read_claims({"role": "head_of_service"})
    assert errors == {}
    assert claims is not None
    assert claims.pod_id is None
