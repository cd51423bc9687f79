"""The DfE SSDA903 tables the allocation history exports: SWEpisodes, with the Header and Episodes
columns the social worker validation rules (SW01-SW17) also read.

Column sets are exactly those the DfE validator (csc-validator-be-903) matches an uploaded CSV by, so each
table carries every column even where we leave it blank. Nothing is merged or hidden: bad data goes out as
it is, for the validator to flag.
"""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Final

from shared.vocabulary import CaseClosureReason, LegalStatus, ReasonEpisodeCeased, Sex, Sex903

# Unknown is deliberately absent: the export leaves SEX blank and the DfE validator flags the child.
SEX_903: Final[Mapping[Sex, Sex903]] = MappingProxyType({Sex.M: Sex903.MALE, Sex.F: Sex903.FEMALE})

# The 903 header recorded SEX as 1 (male) / 2 (female) up to the 2023-24 return; from 2024-25 (the DfE
# validator's lac2024_25 rules) it takes M / F / U, the codes we hold.
FIRST_YEAR_OF_SEX_LETTERS = 2025


def sex_903(sex: Sex, year: int) -> str:
    """SEX as the 903 header of the return named by `year` (its end year) records it."""
    if year >= FIRST_YEAR_OF_SEX_LETTERS:
        return sex.value
    return SEX_903[sex].value if sex in SEX_903 else ""


# How a case's closing ends the looked-after episode open that day, where the CIN closure reason says it; every
# other ending (care ended while the case went on, or a closure reason the 903 splits further) is E8.
REC_ON_CLOSURE: Final[Mapping[CaseClosureReason, ReasonEpisodeCeased]] = MappingProxyType(
    {
        CaseClosureReason.RC2: ReasonEpisodeCeased.E2,
        CaseClosureReason.RC5: ReasonEpisodeCeased.E3,
        CaseClosureReason.RC6: ReasonEpisodeCeased.E7,
    }
)


def reason_ceased(closure: CaseClosureReason | None) -> ReasonEpisodeCeased:
    """REC for a looked-after period that ended without another beginning that day: from the case's closure
    reason when the period ended with the case, else E8."""
    return REC_ON_CLOSURE.get(closure, ReasonEpisodeCeased.E8) if closure else ReasonEpisodeCeased.E8


SW_EPISODES_COLUMNS = ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON")
HEADER_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODES_COLUMNS = (
    "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
    "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
)  # fmt: skip

Row = dict[str, str]


def format_903_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def reporting_year(year: int) -> tuple[date, date]:
    """The DfE year named by its end: 2024 is 1 April 2023 to 31 March 2024, both included."""
    return date(year - 1, 4, 1), date(year, 3, 31)


@dataclass(frozen=True, slots=True)
class SwEpisodeSource:
    child_la_id: str
    worker_sw_id: str
    start: date
    end: date | None
    reason: str | None
    child_dob: date | None = None


@dataclass(frozen=True, slots=True)
class ChildHeaderSource:
    child_la_id: str
    sex: Sex
    dob: date


@dataclass(frozen=True, slots=True)
class ClaPeriodSource:
    """One looked-after status period; a change of legal status ends one period and starts the next."""

    child_la_id: str
    start: date
    end: date | None
    legal_status: LegalStatus
    category_of_need: str | None = None
    reason_ceased: str | None = None


def _overlaps(start: date, end: date | None, year: int) -> bool:
    first, last = reporting_year(year)
    return start <= last and (end is None or end >= first)


def _end_as_at_31_march(end: date | None, year: int) -> date | None:
    return end if end is not None and end <= reporting_year(year)[1] else None


def sw_episodes_rows(episodes: Iterable[SwEpisodeSource], year: int) -> list[Row]:
    """Every episode overlapping the year; one still open on 31 March has a blank SW_DEC."""
    in_year = sorted(
        (e for e in episodes if _overlaps(e.start, e.end, year)),
        key=lambda e: (e.child_la_id, e.start, e.end or date.max, e.worker_sw_id),
    )
    return [
        {
            "CHILD": e.child_la_id,
            "DOB": format_903_date(e.child_dob),
            "SW_ID": e.worker_sw_id,
            "SW_DECOM": format_903_date(e.start),
            "SW_DEC": format_903_date(_end_as_at_31_march(e.end, year)),
            "SW_REASON": e.reason or "",
        }
        for e in in_year
    ]


def header_rows(children: Iterable[ChildHeaderSource], year: int) -> list[Row]:
    """ETHNIC, UPN, MOTHER and MC_DOB are not ours to hold, so they go blank."""
    return [
        {
            "CHILD": child.child_la_id,
            "SEX": sex_903(child.sex, year),
            "DOB": format_903_date(child.dob),
            **dict.fromkeys(("ETHNIC", "UPN", "MOTHER", "MC_DOB"), ""),
        }
        for child in sorted(children, key=lambda c: c.child_la_id)
    ]


def episodes_rows(cla_periods: Iterable[ClaPeriodSource], year: int) -> list[Row]:
    """Looked-after periods overlapping the year. RNE is "S" when a period starts a spell of care and "L"
    (change of legal status only) when it follows another on the same day; REC is "X1" when a period
    ends as the next begins, else the period's reason ceased (E8 when none is known): a DEC never goes without
    its REC. Placement columns belong to the placements system and go blank.
    """
    periods = sorted(cla_periods, key=lambda p: (p.child_la_id, p.start, p.end or date.max))
    rows: list[Row] = []
    for index, period in enumerate(periods):
        if not _overlaps(period.start, period.end, year):
            continue
        before = periods[index - 1] if index > 0 else None
        after = periods[index + 1] if index + 1 < len(periods) else None
        follows = before is not None and before.child_la_id == period.child_la_id and before.end == period.start
        followed = after is not None and after.child_la_id == period.child_la_id and after.start == period.end
        ended = _end_as_at_31_march(period.end, year)
        ceased = "" if ended is None else "X1" if followed else period.reason_ceased or ReasonEpisodeCeased.E8.value
        rows.append(
            {
                **dict.fromkeys(EPISODES_COLUMNS, ""),
                "CHILD": period.child_la_id,
                "DECOM": format_903_date(period.start),
                "RNE": "L" if follows else "S",
                "LS": period.legal_status.value,
                "CIN": period.category_of_need or "",
                "DEC": format_903_date(ended),
                "REC": ceased,
            }
        )
    return rows


def to_csv(rows: Iterable[Mapping[str, str]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
