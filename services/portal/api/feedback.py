"""Feedback: complaints with their working-day clocks (overdue, due soon), compliments, questionnaire results."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from services.portal.queries.feedback import feedback
from services.portal.rules import questionnaire
from services.portal.rules.feedback import CLOCKS, RELATIONS, THEMES, running_clock

from .pages import Api, render
from .session import User

router = APIRouter()
DUE_SOON_WORKING_DAYS = 10
"""Two working weeks: long enough to draft, check and send a stage 1 answer (10 working days in all)."""


@router.get("/feedback", response_class=HTMLResponse)
async def feedback_page(
    request: Request,
    user: User,
    api: Api,
    run: Annotated[str | None, Query(pattern=r"^[0-9a-fA-F-]{36}$")] = None,
    question: Annotated[str | None, Query(max_length=60)] = None,
) -> Response:
    """Complaints overdue and due soon on their working-day clocks, open complaints, compliments, and a
    questionnaire's results (the latest closed run, or the one chosen)."""
    found = await feedback(api, date.today(), run, DUE_SOON_WORKING_DAYS)
    items = found.due["items"]
    context = {
        "found": found,
        "overdue": [i for i in items if i["overdue"]],
        "due_soon": [i for i in items if not i["overdue"]],
        "within": DUE_SOON_WORKING_DAYS,
        "clocks": CLOCKS,
        "themes": THEMES,
        "relations": RELATIONS,
        "running": {c["id"]: running_clock(c) for c in found.complaints},
        "complaints_by_id": {c["id"]: c for c in found.complaints},
        **_questionnaire(found.report, question),
    }
    return render(request, "feedback.html", context, current="feedback")


def _questionnaire(report: dict[str, Any] | None, question: str | None) -> dict[str, Any]:
    """The results charted with their table; then one question (chosen) compared by pod, chart and table."""
    if report is None:
        return {}
    item = questionnaire.chosen_item(report["items"], question)
    rows = questionnaire.by_pod(report["pods"], item["item"]) if item else []
    title = f"{item['text']}: per cent {'yes' if item['kind'] == 'yes_no' else 'positive'}, by pod" if item else ""
    return {
        "answers_chart": questionnaire.answers_chart(f"{report['title']}: how people answered", report["items"]),
        "charted_items": [i for i in report["items"] if i["kind"] in questionnaire.CHARTED],
        "pod_item": item,
        "pod_rows": rows,
        "pods_chart": questionnaire.pods_chart(title, rows),
    }
