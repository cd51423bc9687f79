import csv
import io
from datetime import date

import pytest

from services.allocation.rules.ssda903 import (
    EPISODES_COLUMNS,
    HEADER_COLUMNS,
    SW_EPISODES_COLUMNS,
    ChildHeaderSource,
    ClaPeriodSource,
    SwEpisodeSource,
    episodes_rows,
    format_903_date,
    header_rows,
    reason_ceased,
    reporting_year,
    sw_episodes_rows,
    to_csv,
)
from shared.vocabulary import CaseClosureReason, LegalStatus, Sex

YEAR = 2025  # 1 April 2024 to 31 March 2025


def episode(worker: str, start: date, end: date | None, reason: str | None = "MANAGE") -> SwEpisodeSource:
    return SwEpisodeSource("1001", worker, start, end, reason, child_dob=date(2015, 6, 15))


def test_dates_are_formatted_day_month_year_with_slashes() -> None:
    assert format_903_date(date(2024, 4, 1)) == "01/04/2024"
    assert format_903_date(None) == ""


def test_the_reporting_year_is_named_by_its_end() -> None:
    assert reporting_year(2025) == (date(2024, 4, 1), date(2025, 3, 31))


def test_an_episode_started_before_the_year_and_still_open_is_included_with_a_blank_end() -> None:
    rows = sw_episodes_rows([episode("SW0001", date(2022, 5, 10), None, reason="FCONTA")], YEAR)

    assert rows == [
        {
            "CHILD": "1001",
            "DOB": "15/06/2015",
            "SW_ID": "SW0001",
            "SW_DECOM": "10/05/2022",
            "SW_DEC": "",
            "SW_REASON": "FCONTA",
        }
    ]


def test_an_episode_that_ended_after_31_march_was_open_on_31_march() -> None:
    [row] = sw_episodes_rows([episode("SW0001", date(2025, 1, 1), date(2025, 4, 20))], YEAR)

    assert row["SW_DEC"] == ""


def test_episodes_outside_the_year_are_left_out_and_its_edges_are_in() -> None:
    episodes = [
        episode("ended-before", date(2023, 1, 1), date(2024, 3, 31)),
        episode("ended-on-first-day", date(2023, 1, 1), date(2024, 4, 1)),
        episode("started-on-last-day", date(2025, 3, 31), None),
        episode("started-after", date(2025, 4, 1), None),
    ]

    rows = sw_episodes_rows(episodes, YEAR)

    assert [row["SW_ID"] for row in rows] == ["ended-on-first-day", "started-on-last-day"]


def test_nothing_is_merged_or_hidden_not_even_a_return_to_the_same_worker_or_a_missing_reason() -> None:
    episodes = [
        episode("SW0005", date(2020, 2, 3), date(2024, 6, 30), reason=None),
        episode("SW0006", date(2024, 6, 30), date(2024, 11, 15), reason="ORGRST"),
        episode("SW0005", date(2024, 11, 15), None),
    ]

    rows = sw_episodes_rows(reversed(episodes), YEAR)

    assert [(r["SW_ID"], r["SW_DECOM"], r["SW_DEC"], r["SW_REASON"]) for r in rows] == [
        ("SW0005", "03/02/2020", "30/06/2024", ""),
        ("SW0006", "30/06/2024", "15/11/2024", "ORGRST"),
        ("SW0005", "15/11/2024", "", "MANAGE"),
    ]


def test_rows_carry_exactly_the_columns_the_dfe_validator_recognises_the_table_by() -> None:
    [row] = sw_episodes_rows([episode("SW0001", date(2024, 5, 1), None)], YEAR)

    assert tuple(row) == SW_EPISODES_COLUMNS == ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON")


def test_header_rows_send_sex_as_the_return_year_requires_and_leave_what_we_do_not_hold_blank() -> None:
    children = [
        ChildHeaderSource("1002", Sex.F, date(2019, 2, 2)),
        ChildHeaderSource("1001", Sex.M, date(2015, 6, 15)),
    ]

    assert header_rows(children, 2024) == [
        {"CHILD": "1001", "SEX": "1", "DOB": "15/06/2015", "ETHNIC": "", "UPN": "", "MOTHER": "", "MC_DOB": ""},
        {"CHILD": "1002", "SEX": "2", "DOB": "02/02/2019", "ETHNIC": "", "UPN": "", "MOTHER": "", "MC_DOB": ""},
    ]
    assert [row["SEX"] for row in header_rows(children, 2025)] == ["M", "F"]
    assert tuple(header_rows(children, 2025)[0]) == HEADER_COLUMNS


def test_episodes_start_a_spell_with_s_and_a_change_of_legal_status_ends_with_x1_and_starts_with_l() -> None:
    periods = [
        ClaPeriodSource("1001", date(2024, 5, 1), date(2024, 8, 1), LegalStatus.C1, "N1"),
        ClaPeriodSource("1001", date(2024, 8, 1), None, LegalStatus.C2, "N1"),
    ]

    rows = episodes_rows(periods, YEAR)

    assert [(r["DECOM"], r["RNE"], r["LS"], r["CIN"], r["DEC"], r["REC"]) for r in rows] == [
        ("01/05/2024", "S", "C1", "N1", "01/08/2024", "X1"),
        ("01/08/2024", "L", "C2", "N1", "", ""),
    ]
    assert tuple(rows[0]) == EPISODES_COLUMNS
    assert all(rows[0][column] == "" for column in ("PLACE", "PLACE_PROVIDER", "HOME_POST", "PL_POST", "URN"))


def test_a_new_spell_of_care_after_a_gap_starts_with_s_and_the_earlier_one_keeps_its_reason() -> None:
    periods = [
        ClaPeriodSource("1001", date(2024, 5, 1), date(2024, 6, 1), LegalStatus.V2, reason_ceased="E4A"),
        ClaPeriodSource("1001", date(2024, 9, 1), date(2025, 6, 1), LegalStatus.C2),
    ]

    rows = episodes_rows(periods, YEAR)

    assert [(r["RNE"], r["DEC"], r["REC"]) for r in rows] == [("S", "01/06/2024", "E4A"), ("S", "", "")]


def test_an_episode_that_ended_never_goes_without_its_reason_ceased() -> None:
    periods = [ClaPeriodSource("1001", date(2024, 5, 1), date(2024, 6, 1), LegalStatus.V2)]

    [row] = episodes_rows(periods, YEAR)

    assert (row["DEC"], row["REC"]) == ("01/06/2024", "E8")


def test_care_ending_with_the_case_takes_the_closure_reason_where_the_903_has_one_code_for_it() -> None:
    assert [reason_ceased(closure).value for closure in CaseClosureReason] == [
        "E8",  # RC1 adopted: the 903 splits it (application opposed or not), which is not held
        "E2",  # RC2 died
        "E8",  # RC3 child arrangements order
        "E8",  # RC4 special guardianship order: to former foster carers or others, not held
        "E3",  # RC5 transferred to another local authority
        "E7",  # RC6 transferred to adult social care
        "E8",
        "E8",
        "E8",
    ]
    assert reason_ceased(None).value == "E8", "care ended while the case went on"


def test_csv_has_a_header_line_and_blank_cells_for_missing_values() -> None:
    text = to_csv([{"CHILD": "1001", "SW_ID": "SW1"}], SW_EPISODES_COLUMNS)

    assert text == "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\r\n1001,,SW1,,,\r\n"
    [row] = csv.DictReader(io.StringIO(text))
    assert row["SW_ID"] == "SW1"


def test_csv_refuses_a_column_it_was_not_given() -> None:
    with pytest.raises(ValueError, match="NOPE"):
        to_csv([{"CHILD": "1", "NOPE": "x"}], ("CHILD",))
