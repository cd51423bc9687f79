"""Questionnaires and staff surveys: item banks (the seed council's children in care council and parents'
questionnaires, and its social work health check, ready-made), runs for a period and an audience, anonymous
responses, and reports by service and by pod with small groups suppressed; comparison between two runs; CSV and
XLSX beside JSON."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Query, Request, Response, status

from services.feedback.api import questionnaire_reports as reporting
from services.feedback.api.callers import Anyone, FeedbackTeam, ReportReader, Respondent
from services.feedback.api.schemas.questionnaires import (
    ComparisonOut,
    ItemOut,
    QuestionnaireIn,
    QuestionnaireOut,
    ReportOut,
    ResponseAccepted,
    ResponseIn,
    RunClose,
    RunIn,
    RunOut,
)
from services.feedback.api.tables import TABULAR, FormatQuery, chosen, tabular
from services.feedback.commands import questionnaires as commands
from services.feedback.models import QuestionnaireRun
from services.feedback.queries import questionnaires as queries
from services.feedback.queries import scope
from services.feedback.rules.items import ITEM_BANKS, Answer, Item, ItemBank
from services.feedback.settings import Settings
from shared.runtime.http import IfMatch, Page, UnitOfWorkDep, etag, page_of, service_router, uuid_cursor
from shared.vocabulary import QuestionnaireAudienceCode

router = service_router(tags=["questionnaires"])


def bank_out(bank: ItemBank) -> QuestionnaireOut:
    return QuestionnaireOut.model_validate(
        dict(
            code=bank.code,
            title=bank.title,
            audience=bank.audience,
            ready_made=bank.code in ITEM_BANKS,
            items=[ItemOut(code=item.code, text=item.text, kind=item.kind) for item in bank.items],
        )
    )


async def run_out(uow: UnitOfWorkDep, run: QuestionnaireRun, response: Response | None = None) -> RunOut:
    if response is not None:
        await uow.flush()
        response.headers["ETag"] = etag(run.version)
    return RunOut.model_validate(
        dict(
            id=run.id,
            questionnaire_code=run.questionnaire_code,
            title=run.title,
            audience=run.audience,
            period_start=run.period_start,
            period_end=run.period_end,
            status="closed" if run.closed_on else "open",
            closed_on=run.closed_on,
            responses=await queries.responses_so_far(uow, run),
            items=run.items,
        )
    )


@router.get("/questionnaires", response_model=list[QuestionnaireOut])
async def list_questionnaires(uow: UnitOfWorkDep, principal: Anyone) -> list[QuestionnaireOut]:
    """The item banks: the ready-made ones (children in care council, 10 items; parents, 10 items; the social work
    health check, with yes/no and share-of-time items beside 1-5 scales) and the council's own."""
    return [bank_out(bank) for bank in await queries.banks(uow)]


@router.get("/questionnaires/{code}", response_model=QuestionnaireOut)
async def get_questionnaire(code: str, uow: UnitOfWorkDep, principal: Anyone) -> QuestionnaireOut:
    """One item bank and its items."""
    return bank_out(await queries.bank(uow, code))


@router.post(
    "/questionnaires",
    status_code=status.HTTP_201_CREATED,
    response_model=QuestionnaireOut,
    responses={409: {"description": "The code is taken"}},
)
async def create_questionnaire(
    body: QuestionnaireIn, uow: UnitOfWorkDep, principal: FeedbackTeam, response: Response
) -> QuestionnaireOut:
    """An item bank of the council's own: items on a 1-5 scale, yes or no, or a share of time."""
    items = [Item(item.code, item.text, item.kind) for item in body.items]
    questionnaire = await commands.create_questionnaire(
        uow, code=body.code, title=body.title, audience=body.audience, items=items
    )
    response.headers["Location"] = f"/feedback/v1/questionnaires/{questionnaire.code}"
    return bank_out(queries.bank_of(questionnaire))


@router.post("/questionnaire-runs", status_code=status.HTTP_201_CREATED, response_model=RunOut)
async def start_run(body: RunIn, uow: UnitOfWorkDep, principal: FeedbackTeam, response: Response) -> RunOut:
    """Put a questionnaire to its audience for a period. Its items are copied into the run."""
    bank = await queries.bank(uow, body.questionnaire_code)
    run = await commands.start_run(
        uow, bank, title=body.title, period_start=body.period_start, period_end=body.period_end
    )
    response.headers["Location"] = f"/feedback/v1/questionnaire-runs/{run.id}"
    return await run_out(uow, run, response)


@router.get("/questionnaire-runs", response_model=Page[RunOut])
async def list_runs(
    uow: UnitOfWorkDep,
    principal: Anyone,
    audience: QuestionnaireAudienceCode | None = None,
    questionnaire_code: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(description="next_cursor from the previous page")] = None,
) -> Page[RunOut]:
    """Questionnaire runs, a page at a time, with how many have answered."""
    found = await queries.runs(
        uow, audience=audience, questionnaire_code=questionnaire_code, limit=limit, after=uuid_cursor(cursor)
    )
    page, next_cursor = page_of(found, limit, lambda run: run.id)
    return Page[RunOut](items=[await run_out(uow, run) for run in page], next_cursor=next_cursor)


@router.get("/questionnaire-runs/{run_id}", response_model=RunOut)
async def get_run(run_id: uuid.UUID, uow: UnitOfWorkDep, principal: Anyone, response: Response) -> RunOut:
    """One run: its items, period, status and how many have answered."""
    return await run_out(uow, await scope.run(uow, run_id), response)


@router.post(
    "/questionnaire-runs/{run_id}/responses",
    status_code=status.HTTP_201_CREATED,
    response_model=ResponseAccepted,
    responses={409: {"description": "The run is closed, or you have answered this survey already"}},
)
async def answer(run_id: uuid.UUID, body: ResponseIn, uow: UnitOfWorkDep, principal: Respondent) -> ResponseAccepted:
    """One anonymous response: nobody's identity is stored with it, nor the time of day, and it has no address
    (no Location) so nothing ties it back to the caller. Scores are 1-5; yes or no; shares of time 0-100 per cent
    (together at most 100). The feedback team, business support and council systems enter responses (from paper or
    an online form); staff answer staff surveys themselves, once each, naming their own pod if they wish."""
    run = await scope.run(uow, run_id)
    for_themselves = scope.require_may_answer(principal, run, body.pod_id)
    await commands.answer(
        uow,
        run,
        answers=[Answer(a.item, a.score, a.yes, a.percent) for a in body.answers],
        pod_id=body.pod_id,
        answered_on=body.answered_on,
        participant=scope.participation_digest(run, principal) if for_themselves else None,
    )
    return ResponseAccepted(run_id=run.id)


@router.post(
    "/questionnaire-runs/{run_id}/close",
    response_model=RunOut,
    responses={409: {"description": "The run is closed already"}},
)
async def close_run(
    run_id: uuid.UUID,
    body: RunClose,
    uow: UnitOfWorkDep,
    principal: FeedbackTeam,
    response: Response,
    if_match: IfMatch = None,
) -> RunOut:
    """Close the run: it takes no more responses, its report shows its results, and its responses are published
    (`QuestionnaireAnswered`), together and shuffled."""
    run = await scope.run(uow, run_id, if_match=if_match)
    await commands.close_run(uow, run, body.closed_on)
    return await run_out(uow, run, response)


@router.get("/questionnaire-runs/{run_id}/report", responses=TABULAR, response_model=ReportOut)
async def report(
    run_id: uuid.UUID,
    request: Request,
    uow: UnitOfWorkDep,
    principal: ReportReader,
    settings: Settings,
    pod_id: Annotated[uuid.UUID | None, Query(description="One pod's results only")] = None,
    format: FormatQuery = None,
) -> Response:
    """The run's results per item: n, the mean to one decimal (rounded half up, as councils publish), and the
    shares positive (> 3), neutral (= 3) and negative (< 3); for yes or no items the share saying yes; for shares
    of time the mean per cent. For the service and by pod. A group (the run, a pod, those who named no pod) with
    fewer than the threshold's answers (5 by default) is suppressed, and further groups, smallest first, until
    what is hidden cannot be worked out from the total. Asking for a pod whose results are suppressed is refused
    naming `pod_id`. While the run is open only the number of responses shows, so that two reports a day apart
    cannot be subtracted."""
    run = await scope.run(uow, run_id)
    found = await reporting.run_report(uow, run, settings.suppression_threshold, pod_id)
    rows = reporting.report_rows(found)
    return tabular(found, chosen(request, format), reporting.REPORT_HEADER, rows, f"report-{run.id}")


@router.get("/questionnaire-runs/{run_id}/comparison", responses=TABULAR, response_model=ComparisonOut)
async def comparison(
    run_id: uuid.UUID,
    request: Request,
    uow: UnitOfWorkDep,
    principal: ReportReader,
    settings: Settings,
    compared_with: Annotated[uuid.UUID, Query(alias="with", description="The earlier run to compare with")],
    pod_id: Annotated[uuid.UUID | None, Query(description="One pod's results only")] = None,
    format: FormatQuery = None,
) -> Response:
    """This run's results beside an earlier run's, item by item (matched by item code): the change in the mean and
    in the share positive (or saying yes), where both are shown. Both runs must be closed."""
    later, earlier = await scope.run(uow, run_id), await scope.run(uow, compared_with)
    found = await reporting.compare_runs(uow, later, earlier, settings.suppression_threshold, pod_id)
    rows: list[list[Any]] = reporting.comparison_rows(found)
    return tabular(found, chosen(request, format), reporting.COMPARISON_HEADER, rows, f"comparison-{later.id}")
