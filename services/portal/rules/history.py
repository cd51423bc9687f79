"""A child's continuity of social worker, read from the allocations of their cases."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from shared.vocabulary import TransferReason

REASONS = {reason.value: reason.label for reason in TransferReason}


@dataclass(frozen=True)
class Episode:
    case_id: str
    pod_id: str
    worker_id: str | None
    start: date
    end: date | None
    reason: str
    """Why the worker changed at the start of this episode (SSDA903 SW_REASON), or how it began."""


def episodes(allocations: list[dict[str, Any]]) -> list[Episode]:
    """Every allocation not entered in error, newest first."""
    kept = [a for a in allocations if not a.get("entered_in_error")]
    rows = [
        Episode(
            case_id=str(a["case_id"]),
            pod_id=str(a["pod_id"]),
            worker_id=a.get("worker_id"),
            start=date.fromisoformat(a["start_date"]),
            end=date.fromisoformat(a["end_date"]) if a.get("end_date") else None,
            reason=_why(a.get("start_reason")),
        )
        for a in kept
    ]
    return sorted(rows, key=lambda e: (e.start, e.end or date.max), reverse=True)


def _why(start_reason: str | None) -> str:
    if not start_reason:
        return "Allocated"
    return REASONS.get(start_reason, start_reason)


def workers_in_last_year(history: list[Episode], today: date) -> int:
    """Distinct social workers with an episode in the 12 months to today (A → B → A is 2), as the DfE counts."""
    since = today - timedelta(days=365)
    return len({e.worker_id for e in history if e.worker_id and (e.end is None or e.end >= since) and e.start <= today})


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def highlight(fragment: str) -> str:
    """A search hit's fragment (HTML: escaped text, matches in <mark>) made safe whatever it holds: everything
    escaped again, then only the <mark> tags given back."""
    escaped = html.escape(html.unescape(fragment.replace("<mark>", "\x01").replace("</mark>", "\x02")))
    return escaped.replace("\x01", "<mark>").replace("\x02", "</mark>")


def author(subject: str, workers: dict[str, str], me: str | None) -> str:
    """Who recorded an entry: its author is the token's subject, a worker's id under the council's provider and in
    development; named where the page knows the worker, "you" for the signed-in worker, else as the record has it."""
    if me and subject == me:
        return "you"
    return workers.get(subject) or ("a colleague" if len(subject) == 36 and subject.count("-") == 4 else subject)
