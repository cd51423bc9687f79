"""Cursors of lists ordered by a day and an id (sessions, actions, decisions): `2024-03-05_<uuid>`."""

from __future__ import annotations

import uuid
from datetime import date

from shared.problems import Invalid


def dated(day: date, row_id: uuid.UUID) -> str:
    return f"{day}_{row_id}"


def parse_dated(cursor: str) -> tuple[date, uuid.UUID]:
    day, _, row_id = cursor.partition("_")
    try:
        return date.fromisoformat(day), uuid.UUID(row_id)
    except ValueError:
        raise Invalid("cursor is not one this API gave out", field="query.cursor") from None
