"""The monthly monitoring report's range, rows and series, as the Performance page shows and downloads them."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from services.portal.rules.dates import month_name

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MEASURES = (
    ("open_cases", "Open cases"),
    ("cp_plans", "Child protection plans"),
    ("looked_after_excluding_uasc", "Looked after (excluding UASC)"),
)


def last_twelve_months(today: date) -> tuple[str, str]:
    """The twelve complete months before this one: the range the page opens on."""
    last_year, last_month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    first_year, first_month = (last_year, last_month - 11) if last_month > 11 else (last_year - 1, last_month + 1)
    return f"{first_year:04d}-{first_month:02d}", f"{last_year:04d}-{last_month:02d}"


def read_range(month_from: str | None, month_to: str | None, today: date) -> tuple[str, str, dict[str, str]]:
    """The months asked for, or the default range with an error naming each field that was not a month."""
    default_from, default_to = last_twelve_months(today)
    errors = {}
    chosen_from = (month_from or default_from).strip()
    chosen_to = (month_to or default_to).strip()
    if not MONTH.match(chosen_from):
        errors["from"] = "Enter the first month as a year and month, like 2015-11"
    if not MONTH.match(chosen_to):
        errors["to"] = "Enter the last month as a year and month, like 2016-07"
    if not errors and chosen_from > chosen_to:
        errors["from"] = "The first month must be before the last month"
    if errors:
        return default_from, default_to, errors
    return chosen_from, chosen_to, {}


def service_rows(series: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "month": month_name(month["month_end"]),
            "month_end": month["month_end"],
            **{key: month[key]["count"] for key, _ in MEASURES},
            **{f"{key}_change": month[key]["change_since_previous_month"] for key, _ in MEASURES},
        }
        for month in series["service"]
    ]


def chart_points(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One point per month and measure: the long form a line chart with a series per measure takes."""
    return [{"month": row["month_end"], "measure": label, "count": row[key]} for row in rows for key, label in MEASURES]
