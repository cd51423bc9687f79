"""Group supervision's forms: scheduling a session, recording who attended, and a case discussion (Signs of Safety
mapping, scaling by voice, decision and rationale, actions); or each field's error for the GOV.UK error summary.
The supervision API checks the same again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from services.portal.rules.charts import VOICES
from services.portal.rules.dates import read_date

MAX_TEXT = 10_000
MAPPING = (
    ("worries", "What are we worried about?", (
        ("harm", "Past harm", "What has happened to the child"),
        ("complicating_factors", "Complicating factors", "What makes it harder to keep the child safe"),
        ("danger_statement", "Danger statement", "What we are worried will happen if nothing changes"),
    )),
    ("working_well", "What's working well?", (
        ("strengths", "Strengths", "Of the family and their network"),
        ("existing_safety", "Existing safety", "Safety already shown, over time"),
    )),
    ("needs_to_happen", "What needs to happen?", (
        ("safety_goals", "Safety goals", "What the family and agencies need to see for the child to be safe"),
        ("next_steps", "Next steps", "The immediate next steps"),
    )),
)  # fmt: skip
ACTION_ROWS = 3


def read_day(form: Mapping[str, str], name: str, what: str) -> tuple[date | None, str | None]:
    return read_date(
        form.get(f"{name}-day", ""), form.get(f"{name}-month", ""), form.get(f"{name}-year", ""), what=what
    )


def read_schedule(form: Mapping[str, str]) -> tuple[dict[str, Any] | None, dict[str, str]]:
    errors: dict[str, str] = {}
    day, problem = read_day(form, "scheduled_for", "the day of the session")
    if problem:
        errors["scheduled_for"] = problem
    starts = form.get("starts_at", "").strip()
    if starts and not (len(starts) == 5 and starts[2] == ":" and starts.replace(":", "").isdigit()):
        errors["starts_at"] = "Enter the time it starts like 10:00"
    elif starts and (int(starts[:2]) > 23 or int(starts[3:]) > 59):
        errors["starts_at"] = "Enter a real time, like 10:00"
    if errors or day is None:
        return None, errors
    return {"kind": "group", "scheduled_for": day.isoformat(), "starts_at": starts or None}, {}


def read_held(
    form: Mapping[str, str], workers: Sequence[str], today: date
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """Who came (`present-<worker id>`), who facilitated, and the day it was held."""
    errors: dict[str, str] = {}
    day, problem = read_day(form, "held_on", "the day the session was held")
    if problem is None and day is not None and day > today:
        problem = "The day the session was held must be today or in the past"
    if problem:
        errors["held_on"] = problem
    facilitator = form.get("facilitator", "").strip()
    present = [w for w in workers if form.get(f"present-{w}") == "yes"]
    if facilitator not in workers:
        errors["facilitator"] = "Select who facilitated the session"
    if not present and facilitator not in workers:
        errors["present"] = "Select who attended"
    if errors or day is None:
        return None, errors
    attendees = [{"worker_id": facilitator, "role": "facilitator", "present": True}]
    attendees += [{"worker_id": w, "role": "participant", "present": True} for w in present if w != facilitator]
    return {"held_on": day.isoformat(), "attendees": attendees}, {}


def _text(form: Mapping[str, str], name: str, errors: dict[str, str], label: str) -> str:
    value = form.get(name, "").strip()
    if len(value) > MAX_TEXT:
        errors[name] = f"{label} must be {MAX_TEXT:,} characters or fewer"
    return value


def read_discussion(
    form: Mapping[str, str], children: Sequence[str], workers: Sequence[str]
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """`children`: the child discussed first, then their brothers and sisters on the agenda (`child-<id>`);
    `workers`: who may own an action (the pod's)."""
    errors: dict[str, str] = {}
    chosen = [c for c in children if form.get(f"child-{c}") == "yes"]
    if not chosen:
        errors["children"] = "Select the children discussed"
    body: dict[str, Any] = {"children": [{"child_id": c} for c in chosen]}
    for part, _, fields in MAPPING:
        body[part] = {name: _text(form, name, errors, label) for name, label, _ in fields}
    body["hypotheses"] = _text(form, "hypotheses", errors, "Hypotheses")
    scores = []
    for voice in VOICES:
        typed = form.get(f"score-{voice}", "").strip()
        if not typed:
            continue
        if not typed.isdigit() or int(typed) > 10:
            errors[f"score-{voice}"] = f"Enter the {VOICES[voice].lower()}'s score as a whole number from 0 to 10"
            continue
        scores += [{"child_id": c, "voice": voice, "question": "safety", "score": int(typed)} for c in chosen]
    body["scores"] = scores
    for name, label in (("decision", "the decision"), ("rationale", "the rationale for the decision")):
        body[name] = _text(form, name, errors, label.capitalize())
        if not body[name] and name not in errors:
            errors[name] = f"Enter {label}"
    body["dissent"] = _text(form, "dissent", errors, "Dissent") or None
    body["actions"] = _actions(form, chosen, workers, errors)
    if errors:
        return None, errors
    return body, {}


def _actions(
    form: Mapping[str, str], chosen: Sequence[str], workers: Sequence[str], errors: dict[str, str]
) -> list[dict[str, Any]]:
    actions = []
    for row in range(1, ACTION_ROWS + 1):
        name = f"action-{row}"
        description = form.get(f"{name}-description", "").strip()
        owner = form.get(f"{name}-owner", "").strip()
        typed_day = any(form.get(f"{name}-due-{p}", "").strip() for p in ("day", "month", "year"))
        if not (description or owner or typed_day):
            continue
        if len(description) < 3:
            errors[f"{name}-description"] = f"Enter what action {row} is (at least 3 characters)"
        if owner not in workers:
            errors[f"{name}-owner"] = f"Select who owns action {row}"
        due, problem = read_day(form, f"{name}-due", f"the day action {row} is due")
        if problem:
            errors[f"{name}-due"] = problem
        for child in chosen[:1]:
            if due is not None and description and owner in workers:
                actions.append(
                    {"child_id": child, "description": description, "owner_id": owner, "due_date": due.isoformat()}
                )
    return actions


def discussion_api_errors(paths: Mapping[str, str]) -> dict[str, str]:
    """The supervision API's refusal under the page's own field: `actions.0.due_date` is action 1's due day."""
    errors: dict[str, str] = {}
    for path, message in paths.items():
        parts, text = path.split("."), message[:1].upper() + message[1:]
        if parts[0] == "actions" and len(parts) == 3 and parts[1].isdigit():
            suffix = {"due_date": "due", "owner_id": "owner"}.get(parts[2], "description")
            errors[f"action-{int(parts[1]) + 1}-{suffix}"] = text
        elif parts[0] in {"decision", "rationale", "children", "dissent", "hypotheses"}:
            errors[parts[0]] = text
    return errors
