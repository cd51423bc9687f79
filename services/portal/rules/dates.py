"""Dates as GOV.UK pages write and read them: "3 March 2016", and the day / month / year date input."""

from __future__ import annotations

from datetime import date

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(value: date | str | None) -> str:
    if value is None:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_name(value: date | str) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{MONTHS[day.month - 1]} {day.year}"


def read_date(day: str, month: str, year: str, *, what: str) -> tuple[date | None, str | None]:
    """The date typed in a GOV.UK date input, or the message the error summary shows (naming what is wrong)."""
    parts = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    if not any(parts.values()):
        return None, f"Enter {what}"
    missing = [name for name, part in parts.items() if not part]
    if missing:
        return None, f"{what[0].upper()}{what[1:]} must include a {' and '.join(missing)}"
    if not all(part.isdigit() for part in parts.values()) or len(parts["year"]) != 4:
        return None, f"{what[0].upper()}{what[1:]} must be a real date"
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"])), None
    except ValueError:
        return None, f"{what[0].upper()}{what[1:]} must be a real date"
