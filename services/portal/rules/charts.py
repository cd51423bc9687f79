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
