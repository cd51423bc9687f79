"""The record-a-visit form: one visit for several brothers and sisters, each child seen or not and seen alone or
not (and why not), or each field's error for the GOV.UK error summary. The records API checks the same again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.portal.rules.dates import read_date
from shared.vocabulary import VisitKind

KINDS = [(kind.value, kind.label) for kind in VisitKind]
STATUSES = {"CIN": "Child in need", "CP": "Child protection plan", "CLA": "Looked after"}
MAX_TEXT = 20_000
"""As the records API allows (a visit's text, and each section of a case summary)."""


@dataclass(frozen=True)
class ChildSeen:
    child_id: str
    seen: bool
    seen_alone: bool
    not_seen_reason: str | None
    not_seen_alone_reason: str | None


@dataclass(frozen=True)
class Visit:
    occurred_on: date
    visit_kind: str
    serves_status: str | None
    purpose: str
    title: str
    text: str
    children: list[ChildSeen]

    def body(self, started_at: str | None = None, *, complete: bool = True) -> dict[str, Any]:
        """The records API's entry: one visit naming every child on it, completed or kept as its author's draft."""
        body: dict[str, Any] = {
            "entry_type": "visit",
            "status": "complete" if complete else "draft",
            "occurred_on": self.occurred_on.isoformat(),
            "title": self.title,
            "purpose": self.purpose,
            "text": self.text,
            "visit_kind": self.visit_kind,
            "children": [
                {key: value for key, value in child.__dict__.items() if value is not None} for child in self.children
            ],
        }
        if self.serves_status:
            body["serves_status"] = self.serves_status
        if started_at:
            body["started_at"] = started_at
        return body


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get((value or "").strip())


def read_visit(
    form: Mapping[str, str], children: Sequence[tuple[str, str]], today: date
) -> tuple[Visit | None, dict[str, str]]:
    """`children`: (id, given name) of the child whose page it is and their brothers and sisters, in page order.
    Errors are keyed by the field's id on the page, in the order the page shows them."""
    occurred, kind, status, purpose, errors = _read_visit_details(form, today)
    seen = []
    for child_id, name in children:
        if not _in(form, child_id):
            continue
        child, child_errors = _read_child(form, child_id, name, kind)
        errors.update(child_errors)
        if child is not None:
            seen.append(child)
    if not any(_in(form, child_id) for child_id, _ in children):
        errors["include"] = "Select the children the visit was to"
    text = form.get("text", "").strip()
    if not text:
        errors["text"] = "Enter what happened on the visit"
    elif len(text) > MAX_TEXT:
        errors["text"] = f"What happened must be {MAX_TEXT:,} characters or fewer"
    if errors or occurred is None:
        return None, errors
    title = form.get("title", "").strip()[:200] or _title(kind, [name for cid, name in children if _in(form, cid)])
    return Visit(occurred, kind, status, purpose, title, text, seen), {}


def _read_visit_details(
    form: Mapping[str, str], today: date
) -> tuple[date | None, str, str | None, str, dict[str, str]]:
    errors: dict[str, str] = {}
    occurred, problem = read_date(
        form.get("occurred_on-day", ""), form.get("occurred_on-month", ""), form.get("occurred_on-year", ""),
        what="the date of the visit",
    )  # fmt: skip
    if problem is None and occurred is not None and occurred > today:
        problem = "The date of the visit must be today or in the past"
    if problem:
        errors["occurred_on"] = problem
    kind = form.get("visit_kind", "").strip()
    if kind not in dict(KINDS):
        errors["visit_kind"] = "Select where the visit took place"
    status = form.get("serves_status", "").strip() or None
    if status not in STATUSES:
        errors["serves_status"] = "Select the plan the visit was for"
    purpose = form.get("purpose", "").strip()
    if not purpose:
        errors["purpose"] = "Enter what the visit was for"
    elif len(purpose) > 500:
        errors["purpose"] = "What the visit was for must be 500 characters or fewer"
    return occurred, kind, status, purpose, errors


def _in(form: Mapping[str, str], child_id: str) -> bool:
    return form.get(f"include-{child_id}") == "yes"


def _title(kind: str, names: list[str]) -> str:
    where = dict(KINDS)[kind]
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{where}: {joined}"


def _read_child(
    form: Mapping[str, str], child_id: str, name: str, kind: str
) -> tuple[ChildSeen | None, dict[str, str]]:
    errors: dict[str, str] = {}
    seen, alone = _yes_no(form.get(f"seen-{child_id}")), _yes_no(form.get(f"alone-{child_id}"))
    not_seen = form.get(f"not_seen_reason-{child_id}", "").strip()[:500] or None
    not_alone = form.get(f"not_alone_reason-{child_id}", "").strip()[:500] or None
    if seen is None:
        errors[f"seen-{child_id}"] = f"Select whether {name} was seen"
    elif seen and kind == "unsuccessful":
        errors[f"seen-{child_id}"] = f"Nobody is seen on an unsuccessful visit: select no for {name}"
    elif not seen and not not_seen:
        errors[f"not_seen_reason-{child_id}"] = f"Enter why {name} was not seen"
    if seen and alone is None:
        errors[f"alone-{child_id}"] = f"Select whether {name} was seen alone"
    elif seen and alone is False and not not_alone:
        errors[f"not_alone_reason-{child_id}"] = f"Enter why {name} was not seen alone"
    if errors or seen is None:
        return None, errors
    return ChildSeen(
        child_id, seen, bool(seen and alone), None if seen else not_seen, not_alone if seen and not alone else None
    ), {}


def api_errors(paths: Mapping[str, str], children: Sequence[str]) -> dict[str, str]:
    """The records API's refusal (`children.1.seen`) under the page's own field (`seen-<child id>`)."""
    errors: dict[str, str] = {}
    page_fields = {"seen": "seen", "seen_alone": "alone", "not_seen_reason": "not_seen_reason"}
    page_fields["not_seen_alone_reason"] = "not_alone_reason"
    for path, message in paths.items():
        parts = path.split(".")
        if parts[0] == "children" and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(children):
            errors[f"{page_fields.get(parts[2], 'seen')}-{children[int(parts[1])]}"] = _sentence(message)
        elif parts[0] in {"occurred_on", "visit_kind", "serves_status", "purpose", "text", "title"}:
            errors[parts[0]] = _sentence(message)
        elif parts[0] == "children":
            errors["include"] = _sentence(message)
    return errors


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]
