"""A run's report and a comparison of two runs, as JSON and as rows for CSV and XLSX."""

from __future__ import annotations

import uuid
from typing import Any

from services.feedback.api.schemas.questionnaires import (
    ComparisonOut,
    GroupOut,
    ItemChangeOut,
    ItemResultOut,
    ReportOut,
)
from services.feedback.models import QuestionnaireRun
from services.feedback.queries import questionnaires as queries
from services.feedback.queries.view import pod_names
from services.feedback.rules.results import GroupResult, ItemResult, RunResults, compare
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork

NOTE = (
    "Groups with fewer than {threshold} answers are suppressed, and as many more, smallest first, as stop a hidden "
    "group being worked out from the total. Means are to one decimal and shares whole per cents, rounded half up."
)
OPEN_NOTE = (
    "The run is open: results show once it closes, so that no answer can be read off the difference between two "
    "reports."
)
REPORT_HEADER = ["scope", "item", "text", "kind", "n", "mean", "positive", "neutral", "negative", "yes", "suppressed"]
COMPARISON_HEADER = [
    "item",
    "text",
    "kind",
    "n_before",
    "mean_before",
    "positive_before",
    "yes_before",
    "n_after",
    "mean_after",
    "positive_after",
    "yes_after",
    "mean_change",
    "positive_change",
    "yes_change",
]


def item_out(result: ItemResult) -> ItemResultOut:
    return ItemResultOut.model_validate(
        dict(
            item=result.item,
            text=result.text,
            kind=result.kind,
            n=None if result.suppressed else result.n,
            suppressed=result.suppressed,
            mean=result.mean,
            positive=result.positive,
            neutral=result.neutral,
            negative=result.negative,
            yes=result.yes,
        )
    )


def _group(results: RunResults, pod_id: uuid.UUID) -> GroupResult:
    group = next((g for g in results.groups if g.group == pod_id), None)
    if group is None or group.suppressed or results.suppressed:
        raise Invalid(
            "this pod's answers are too few to report without singling someone out (or would let another pod's be "
            "worked out)",
            field="pod_id",
        )
    return group


async def run_report(uow: UnitOfWork, run: QuestionnaireRun, threshold: int, pod_id: uuid.UUID | None) -> ReportOut:
    common: dict[str, Any] = dict(run_id=run.id, title=run.title, threshold=threshold, pod_id=pod_id)
    if run.closed_on is None:
        return ReportOut.model_validate(
            dict(
                common,
                status="open",
                respondents=await queries.responses_so_far(uow, run),
                suppressed=True,
                note=OPEN_NOTE,
                items=[],
                pods=[],
            )
        )
    results = await queries.results(uow, run, threshold)
    note = NOTE.format(threshold=threshold)
    if pod_id is not None:
        group = _group(results, pod_id)
        return ReportOut.model_validate(
            dict(
                common,
                status="closed",
                respondents=group.respondents,
                suppressed=False,
                note=note,
                items=[item_out(result) for result in group.items],
                pods=[],
            )
        )
    names = await pod_names(uow)
    return ReportOut.model_validate(
        dict(
            common,
            status="closed",
            respondents=None if results.suppressed else results.respondents,
            suppressed=results.suppressed,
            note=note,
            items=[item_out(result) for result in results.items],
            pods=[
                GroupOut.model_validate(
                    dict(
                        pod_id=group.group,
                        pod_name=names.get(group.group) if isinstance(group.group, uuid.UUID) else None,
                        respondents=None if group.suppressed else group.respondents,
                        suppressed=group.suppressed,
                        items=[item_out(result) for result in group.items],
                    )
                )
                for group in results.groups
            ],
        )
    )


def _row(scope: str, item: ItemResultOut) -> list[Any]:
    return [
        scope,
        item.item,
        item.text,
        item.kind,
        item.n,
        item.mean,
        item.positive,
        item.neutral,
        item.negative,
        item.yes,
        item.suppressed,
    ]


def report_rows(report: ReportOut) -> list[list[Any]]:
    scope = str(report.pod_id) if report.pod_id else "service"
    rows = [_row(scope, item) for item in report.items]
    for group in report.pods:
        name = group.pod_name or (str(group.pod_id) if group.pod_id else "pod not stated")
        rows += [_row(name, item) for item in group.items]
    return rows


async def _results_of(
    uow: UnitOfWork, run: QuestionnaireRun, threshold: int, pod_id: uuid.UUID | None, field: str
) -> list[ItemResult]:
    if run.closed_on is None:
        raise Conflict("a run is compared once it has closed", field=field)
    results = await queries.results(uow, run, threshold)
    return list(_group(results, pod_id).items if pod_id is not None else results.items)


async def compare_runs(
    uow: UnitOfWork, later: QuestionnaireRun, earlier: QuestionnaireRun, threshold: int, pod_id: uuid.UUID | None
) -> ComparisonOut:
    if later.id == earlier.id:
        raise Invalid("compare a run with another run", field="with")
    after = await _results_of(uow, later, threshold, pod_id, "run_id")
    before = await _results_of(uow, earlier, threshold, pod_id, "with")
    return ComparisonOut.model_validate(
        dict(
            run_id=later.id,
            compared_with=earlier.id,
            pod_id=pod_id,
            threshold=threshold,
            items=[
                ItemChangeOut.model_validate(
                    dict(
                        item=change.item,
                        text=change.text,
                        kind=change.kind,
                        before=item_out(change.before),
                        after=item_out(change.after),
                        mean_change=change.mean_change,
                        positive_change=change.positive_change,
                        yes_change=change.yes_change,
                    )
                )
                for change in compare(before, after)
            ],
        )
    )


def comparison_rows(comparison: ComparisonOut) -> list[list[Any]]:
    return [
        [
            change.item,
            change.text,
            change.kind,
            change.before.n,
            change.before.mean,
            change.before.positive,
            change.before.yes,
            change.after.n,
            change.after.mean,
            change.after.positive,
            change.after.yes,
            change.mean_change,
            change.positive_change,
            change.yes_change,
        ]
        for change in comparison.items
    ]
