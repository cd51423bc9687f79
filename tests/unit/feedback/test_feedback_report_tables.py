"""The report tables' arithmetic: quarters against the same quarter a year earlier, and publication suppression."""

from __future__ import annotations

from datetime import date

from services.feedback.rules.quarters import Quarter
from services.feedback.rules.reports import per_quarter, received_per_stage, timeliness


def test_each_quarter_is_set_beside_the_same_quarter_a_year_earlier() -> None:
    days = [date(2015, 5, 1)] * 11 + [date(2016, 5, 2)] * 4 + [date(2016, 2, 1)]

    rows = per_quarter(days, 2017, None)

    assert [(r.quarter, r.count, r.a_year_earlier, r.change) for r in rows] == [
        (Quarter(2017, 1), 4, 11, -7),
        (Quarter(2017, 2), 0, 0, 0),
        (Quarter(2017, 3), 0, 0, 0),
        (Quarter(2017, 4), 0, 1, -1),
    ]


def test_for_publication_counts_under_the_threshold_show_as_under_it_and_no_change_is_given() -> None:
    rows = per_quarter([date(2016, 5, 2)] * 4 + [date(2015, 5, 1)] * 9, 2017, 5)

    assert (rows[0].count, rows[0].a_year_earlier, rows[0].change) == ("<5", 9, None)


def test_entries_are_counted_per_stage() -> None:
    by_stage = received_per_stage([("stage_1", date(2016, 4, 4)), ("stage_2", date(2016, 4, 5))], 2017, None)

    assert (by_stage["stage_1"][0].count, by_stage["stage_2"][0].count) == (1, 1)


def test_timeliness_gives_the_share_in_time_and_withholds_it_for_publication_when_small() -> None:
    internal = timeliness([True] * 12 + [False] * 3, None)
    published = timeliness([True] * 3 + [False], 5)

    assert (internal.answered, internal.in_time, internal.per_cent_in_time) == (15, 12, 80)
    assert (published.answered, published.in_time, published.per_cent_in_time) == ("<5", "<5", None)
