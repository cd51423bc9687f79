"""Complaints as the feedback page words them: each clock's name, and the clock running now."""

from __future__ import annotations

from typing import Any

from shared.vocabulary import ComplaintTheme, ComplimentFrom

CLOCKS = {
    "acknowledgement": "Acknowledge",
    "response": "Answer",
    "panel": "Hold the review panel",
    "panel_report": "Panel's report",
    "council_response": "Council's response to the panel",
    "next_stage_request": "Complainant may ask for the next stage",
    "learning_action": "Learning action",
}
THEMES = {theme.value: theme.label for theme in ComplaintTheme}
RELATIONS = {who.value: who.label for who in ComplimentFrom}


def running_clock(complaint: dict[str, Any]) -> dict[str, Any] | None:
    """The council's clock running now (the soonest due), or the complainant's if only theirs runs."""
    running = [c for c in complaint["clocks"] if c["stopped_on"] is None]
    running.sort(key=lambda c: (c["whose"] != "council", c["due_on"]))
    return running[0] if running else None
