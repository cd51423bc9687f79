"""The transfer form: what the user chose, or each field's error for the GOV.UK error summary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from services.portal.rules.dates import read_date
from shared.vocabulary import TransferReason

REASONS = [(reason.value, reason.label) for reason in TransferReason]
WHAT = "the date the transfer takes effect"


@dataclass(frozen=True)
class TransferChoice:
    to_worker_id: str
    reason: str
    effective_date: date


def read_transfer(form: Mapping[str, str], today: date) -> tuple[TransferChoice | None, dict[str, str]]:
    """Errors are keyed by the field's id on the page (the error summary links to it)."""
    errors: dict[str, str] = {}
    worker = form.get("to_worker_id", "").strip()
    if not worker:
        errors["to_worker_id"] = "Select the worker who will take the case"
    reason = form.get("reason", "").strip()
    if reason not in dict(REASONS):
        errors["reason"] = "Select why the case is moving"
    effective, problem = read_date(
        form.get("effective_date-day", ""), form.get("effective_date-month", ""), form.get("effective_date-year", ""),
        what=WHAT,
    )  # fmt: skip
    if problem is None and effective is not None and effective > today:
        problem = "The date the transfer takes effect must be today or in the past"
    if problem is not None:
        errors["effective_date"] = problem
    if errors or effective is None:
        return None, errors
    return TransferChoice(worker, reason, effective), {}


# The API names its fields (`body.effective_date`, `query.to_worker_id`); the page shows them under its own.
API_FIELDS = {"to_worker_id": "to_worker_id", "reason": "reason", "effective_date": "effective_date"}
