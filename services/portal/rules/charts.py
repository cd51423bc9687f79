"""Charts as data: what portal.js draws with Observable Plot. Every chart has a table with the same numbers beside
it (the GOV.UK guidance), so the chart is an aid, never the only way to read a figure."""

from __future__ import annotations

from typing import Any


def capacity_bars(title: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Horizontal bars of points per worker, each with a tick at their capacity."""
    return {
        "kind": "capacity-bars",
        "title": title,
        "data": [{"label": r["label"], "points": r["points"], "capacity": r["capacity"]} for r in rows],
        "x": "Points",
    }


def columns(title: str, rows: list[tuple[str, float]], *, x: str, y: str) -> dict[str, Any]:
    return {"kind": "columns", "title": title, "data": [{"label": k, "value": v} for k, v in rows], "x": x, "y": y}


def lines(title: str, points: list[dict[str, Any]], *, y: str) -> dict[str, Any]:
    """A line per measure over months (points: month, measure, count)."""
    return {"kind": "lines", "title": title, "data": points, "y": y}


VOICES = {
    "worker": "Worker",
    "pod": "Pod",
    "parent": "Parent or carer",
    "child": "Child",
    "other_professional": "Other professional",
}
QUESTIONS = {"safety": "How safe is the child (0 to 10)", "safe_and_stable_care": "Safe and stable care (0 to 10)"}


def scaling_trend(trajectories: list[dict[str, Any]], question: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A line per voice over the days scored (supervision's scaling by voice), and the same scores as a table:
    a row per day, a column per voice (empty where that voice was not scored that day)."""
    chosen = [t for t in trajectories if t["question"] == question]
    voices = [v for v in VOICES if any(t["voice"] == v for t in chosen)]
    points = [
        {"day": p["scored_on"], "voice": VOICES[t["voice"]], "score": p["score"]} for t in chosen for p in t["points"]
    ]
    days = sorted({p["day"] for p in points}, reverse=True)
    cells = {(p["day"], p["voice"]): p["score"] for p in points}
    spec = {"kind": "scaling", "title": QUESTIONS.get(question, question), "data": points, "y": "Score"}
    table = {
        "voices": [VOICES[v] for v in voices],
        "rows": [{"day": day, "scores": [cells.get((day, VOICES[v])) for v in voices]} for day in days],
    }
    return spec, table
