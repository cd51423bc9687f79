"""The practice measures and "my work", computed in SQL down to one row per child (or per fact of a quarter),
narrowed to the children a pod or a worker holds, so a worker's own view reads only their children."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import starmap
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.kpi import rules
from services.kpi.models import (
    ActionRow,
    AllocationRow,
    AuditRow,
    CaseRow,
    CaseSummaryRow,
    ComplaintStageRow,
    ComplimentRow,
    ComplimentWorkerRow,
    DiscussionRow,
    QuestionnaireAnswerRow,
    ScalingRow,
    StatusRow,
    StoryEntryRow,
    VisitRow,
)
from services.kpi.queries import read_model
from services.kpi.rules import feedback, practice
from services.kpi.rules.facts import CasePeriod, StatusPeriod
from services.kpi.rules.feedback import Quarter
from services.kpi.settings import KpiSettings
from shared.auth import Principal, Role
from shared.calendar import WorkingDays
from shared.problems import Forbidden
from shared.runtime.unit_of_work import UnitOfWork
from shared.visits import OpenStatus

T = TypeVar("T")
POD_VIEWERS = frozenset({Role.pod_manager, Role.head_of_service, Role.system})


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose children: the service's, a pod's or a worker's, as held (allocated) at the end of the as-at date.

    held / allocated, once resolved (`resolved`), are those children listed: one read of the allocations serves
    every figure of an ask, instead of one per figure."""

    pod_id: str | None = None
    worker_id: str | None = None
    held: tuple[str, ...] | None = None
    allocated: tuple[str, ...] | None = None

    def name(self) -> str:
        return f"worker {self.worker_id}" if self.worker_id else f"pod {self.pod_id}" if self.pod_id else "service"


def held_on(day: date, scope: Scope, *, with_worker: bool = False) -> read_model.Children:
    """Children whose case is allocated in scope at the end of day (a handover day belongs to the new worker)."""
    listed = scope.allocated if with_worker or scope.worker_id else scope.held
    if listed is not None:
        return _listed(listed)
    a = AllocationRow.__table__.c
    query: read_model.Children = sa.select(a.child_id).where(
        a.entered_in_error.is_not(True), a.start.is_not(None), a.start <= day, sa.or_(a.end.is_(None), a.end > day)
    )
    if with_worker or scope.worker_id:
        query = query.where(a.worker_id.is_not(None))
    if scope.pod_id:
        query = query.where(a.pod_id == scope.pod_id)
    if scope.worker_id:
        query = query.where(a.worker_id == scope.worker_id)
    return query


def _listed(children: tuple[str, ...]) -> read_model.Children:
    # The listed children as a subquery both dialects plan well: their own allocations, by the child's index.
    a = AllocationRow.__table__.c
    listed: read_model.Children = sa.select(a.child_id).where(a.child_id.in_(children)).distinct()
    return listed


async def resolved(session: AsyncSession, day: date, scope: Scope) -> Scope:
    """The scope with its children listed (a pod's or a worker's; the service's stays a subquery)."""
    if not (scope.pod_id or scope.worker_id):
        return scope
    a = AllocationRow.__table__.c
    held: set[str] = set()
    allocated: set[str] = set()
    for child, worker in await session.execute(held_on(day, scope).add_columns(a.worker_id)):
        held.add(child)
        if worker is not None:
            allocated.add(child)
    return dataclasses.replace(scope, held=tuple(sorted(held)), allocated=tuple(sorted(allocated)))


def _members(day: date, scope: Scope) -> Any:
    """The scope's allocated children for an IN: listed once resolved, else the subquery."""
    return scope.allocated if scope.allocated is not None else held_on(day, scope, with_worker=True)


def _narrow(query: Any, column: Any, day: date, scope: Scope) -> Any:
    if not (scope.pod_id or scope.worker_id):
        return query
    # A resolved scope's children go as one expanding parameter: the statement compiles once, whatever their number.
    listed = scope.allocated if scope.worker_id else scope.held
    return query.where(column.in_(listed if listed is not None else held_on(day, scope)))


async def visits(session: AsyncSession, as_at: date, scope: Scope, settings: KpiSettings) -> practice.VisitTimeliness:
    children = await children_seen(session, as_at, scope)
    calendar = WorkingDays(settings.council_closure_days)
    return practice.visit_timeliness(children, as_at, settings.visit_intervals(), calendar)


async def children_seen(session: AsyncSession, as_at: date, scope: Scope) -> list[practice.ChildSeen]:
    s, v = StatusRow.__table__.c, VisitRow.__table__.c
    # records' rule reads a status as open on its last day too; the clock decides, so load those as well.
    statuses = _narrow(
        sa.select(s.child_id, s.kind, s.start, s.end).where(
            s.kind.in_(practice.VISITED_FOR),
            s.start.is_not(None),
            s.start <= as_at,
            sa.or_(s.end.is_(None), s.end >= as_at),
        ),
        s.child_id,
        as_at,
        scope,
    )
    counted = sa.and_(v.seen.is_(True), v.visit_kind != "unsuccessful")
    seen = _narrow(
        sa.select(
            v.child_id,
            sa.func.max(sa.case((counted, v.occurred_on))),
            sa.func.max(sa.case((sa.and_(counted, v.seen_alone.is_(True)), v.occurred_on))),
        )
        .where(v.entered_in_error.is_not(True), v.occurred_on.is_not(None), v.occurred_on <= as_at)
        .group_by(v.child_id),
        v.child_id,
        as_at,
        scope,
    )
    open_statuses: dict[str, list[OpenStatus]] = {}
    for child_id, kind, start, end in await session.execute(statuses):
        open_statuses.setdefault(child_id, []).append(OpenStatus(kind, start, end))
    last = {child_id: (seen_on, alone_on) for child_id, seen_on, alone_on in await session.execute(seen)}
    return [
        practice.ChildSeen(child_id, tuple(kinds), *last.get(child_id, (None, None)))
        for child_id, kinds in open_statuses.items()
    ]


async def case_summaries(
    session: AsyncSession, as_at: date, scope: Scope, settings: KpiSettings
) -> practice.SummaryTimeliness:
    cases = await summary_states(session, as_at, scope)
    return practice.summary_timeliness(cases, as_at, settings.summary_cadence_weeks)


async def summary_states(session: AsyncSession, as_at: date, scope: Scope) -> list[practice.CaseSummaryState]:
    c, m = CaseRow.__table__.c, CaseSummaryRow.__table__.c
    # Narrowed before the window, so a worker's ask ranks only their children's summaries.
    latest = _narrow(
        sa.select(
            m.case_id,
            m.occurred_on,
            m.cadence_weeks,
            sa.func.row_number().over(partition_by=m.case_id, order_by=(m.occurred_on.desc(), m.entry_id)).label("n"),
        ).where(m.entered_in_error.is_not(True), m.occurred_on.is_not(None), m.occurred_on <= as_at),
        m.child_id,
        as_at,
        scope,
    ).subquery()
    query = _narrow(
        sa.select(c.case_id, c.child_id, c.start, latest.c.occurred_on, latest.c.cadence_weeks)
        .select_from(CaseRow.__table__.outerjoin(latest, sa.and_(latest.c.case_id == c.case_id, latest.c.n == 1)))
        .where(c.start.is_not(None), c.start <= as_at, sa.or_(c.end.is_(None), c.end > as_at)),
        c.child_id,
        as_at,
        scope,
    )
    return list(starmap(practice.CaseSummaryState, await session.execute(query)))


async def supervision(session: AsyncSession, as_at: date, scope: Scope, settings: KpiSettings) -> dict[str, Any]:
    act = ActionRow.__table__.c
    children = await allocated_children(session, as_at, scope)
    actions = sa.select(act.action_id, act.set_on, act.due_date, act.completed_on, act.cancelled_on).where(
        act.set_on <= as_at,
        sa.or_(act.completed_on.is_(None), act.completed_on > as_at),
        sa.or_(act.cancelled_on.is_(None), act.cancelled_on > as_at),
    )
    if scope.worker_id:
        actions = actions.where(act.owner_id == scope.worker_id)
    elif scope.pod_id:
        actions = actions.where(act.pod_id == scope.pod_id)
    return {
        "discussed": practice.supervision_coverage(children, as_at, settings.discussion_interval_weeks),
        "actions": practice.actions_due(starmap(practice.ActionState, await session.execute(actions)), as_at),
        "scaling": await _scaling(session, as_at, scope, settings),
    }


async def allocated_children(session: AsyncSession, as_at: date, scope: Scope) -> list[practice.AllocatedChild]:
    s, d = StatusRow.__table__.c, DiscussionRow.__table__.c
    allocated = held_on(as_at, scope, with_worker=True)
    kinds: dict[str, list[str]] = {}
    for child_id, kind in await session.execute(
        sa.select(s.child_id, s.kind).where(
            s.child_id.in_(_members(as_at, scope)), s.start <= as_at, sa.or_(s.end.is_(None), s.end > as_at)
        )
    ):
        kinds.setdefault(child_id, []).append(kind)
    last_discussed = dict(
        (
            await session.execute(
                sa.select(d.child_id, sa.func.max(d.decided_on))
                .where(d.child_id.in_(_members(as_at, scope)), d.decided_on <= as_at)
                .group_by(d.child_id)
            )
        ).all()
    )
    return [
        practice.AllocatedChild(child_id, tuple(sorted(kinds.get(child_id, ()))), last_discussed.get(child_id))
        for child_id in (
            scope.allocated if scope.allocated is not None else set((await session.scalars(allocated)).all())
        )
    ]


async def _scaling(session: AsyncSession, as_at: date, scope: Scope, settings: KpiSettings) -> practice.ScalingTrend:
    g = ScalingRow.__table__.c
    ranked = _narrow(
        sa.select(
            g.child_id,
            g.question,
            g.voice,
            g.score,
            g.previous_score,
            sa.func.row_number()
            .over(partition_by=(g.child_id, g.question, g.voice), order_by=(g.scored_on.desc(), g.score_id))
            .label("n"),
        ).where(g.scored_on <= as_at, g.score.is_not(None)),
        g.child_id,
        as_at,
        scope,
    ).subquery()
    latest = sa.select(ranked.c.child_id, ranked.c.question, ranked.c.voice, ranked.c.score, ranked.c.previous_score)
    scores = starmap(practice.LatestScore, await session.execute(latest.where(ranked.c.n == 1)))
    return practice.scaling_trend(scores, settings.scaling_drop_points, settings.scaling_spread_points)


async def complaints(session: AsyncSession, quarter: Quarter, pod_id: str | None) -> list[feedback.StageFigures]:
    k = ComplaintStageRow.__table__.c
    first = quarter.a_year_earlier.start
    query = sa.select(k.stage, k.started_on, k.responded_on, k.in_time).where(
        sa.or_(k.started_on.between(first, quarter.end), k.responded_on.between(quarter.start, quarter.end))
    )
    if pod_id:
        query = query.where(k.pod_id == pod_id)
    return feedback.complaints_by_stage(starmap(feedback.StageFact, await session.execute(query)), quarter)


async def compliments(session: AsyncSession, quarter: Quarter) -> list[feedback.PodCount]:
    c = ComplimentRow.__table__.c
    earlier = quarter.a_year_earlier
    query = sa.select(c.pod_id, c.received_on).where(
        sa.or_(c.received_on.between(quarter.start, quarter.end), c.received_on.between(earlier.start, earlier.end))
    )
    return feedback.compliments_per_pod((tuple(row) for row in await session.execute(query)), quarter)


async def questionnaires(
    session: AsyncSession, run_id: str | None, questionnaire_code: str | None, threshold: int
) -> list[dict[str, Any]]:
    q = QuestionnaireAnswerRow.__table__.c
    runs_query = sa.select(q.run_id, q.questionnaire_code, q.audience, q.period_start, q.period_end).distinct()
    if run_id:
        runs_query = runs_query.where(q.run_id == run_id)
    if questionnaire_code:
        runs_query = runs_query.where(q.questionnaire_code == questionnaire_code)
    results = []
    for run, code, audience, start, end in (await session.execute(runs_query)).all():
        answers = await session.execute(
            sa.select(q.response_id, q.pod_id, q.item, q.kind, q.value).where(q.run_id == run)
        )
        means = feedback.questionnaire_means(run, (tuple(row) for row in answers), threshold)
        results.append(
            {"questionnaire_code": code, "audience": audience, "period_start": start, "period_end": end, "run": means}
        )
    return sorted(results, key=lambda r: (r["period_end"], r["questionnaire_code"]), reverse=True)


async def practice_quality(session: AsyncSession, quarter: Quarter, pod_id: str | None) -> dict[str, Any]:
    a, e = AuditRow.__table__.c, StoryEntryRow.__table__.c
    audits_query = sa.select(a.pod_id, a.overall_grade, a.grades, a.themes).where(a.quarter == quarter.label)
    entries_query = sa.select(e.recorded_by_pod_id, e.entry_type, e.seconds_to_complete, e.characters).where(
        e.entered_in_error.is_not(True),
        e.entry_type.is_not(None),
        e.completed_on.between(quarter.start, quarter.end),
    )
    if pod_id:
        audits_query = audits_query.where(a.pod_id == pod_id)
        entries_query = entries_query.where(e.recorded_by_pod_id == pod_id)
    audits = [
        feedback.AuditFact(pod, grade, json.loads(grades or "{}"), json.loads(themes or "[]"))
        for pod, grade, grades, themes in await session.execute(audits_query)
    ]
    entries = [
        (pod, kind, seconds or 0, characters or 0)
        for pod, kind, seconds, characters in await session.execute(entries_query)
    ]
    return {"case_audits": feedback.case_audits(audits), "recording_time": feedback.recording_time(entries)}


async def caseload(session: AsyncSession, as_at: date, scope: Scope, settings: KpiSettings) -> dict[str, Any]:
    """The scope's caseload as at the day, by the same rule as /caseloads, from only the scope's children."""
    held = held_on(as_at, scope, with_worker=True)
    episodes = await read_model.episodes(session, as_at, as_at, of_children=held)
    s = StatusRow.__table__.c
    statuses = list(
        starmap(
            StatusPeriod,
            await session.execute(
                sa.select(s.child_id, s.case_id, s.kind, s.start, s.end, s.legal_status).where(
                    s.kind.is_not(None),
                    s.child_id.in_(_members(as_at, scope)),
                    s.start <= as_at,
                    sa.or_(s.end.is_(None), s.end >= as_at),
                )
            ),
        )
    )
    loads = rules.caseloads(
        as_at,
        episodes,
        await read_model.memberships(session, as_at),
        await read_model.workers(session),
        statuses,
        settings.weights,
        settings.capacities,
        await read_model.court_proceedings(session, as_at),
        await read_model.siblings(session, of_children=held),
    )
    if scope.worker_id:
        mine = next((w for w in loads.workers if w.worker_id == scope.worker_id), None)
        fields = ("cases", "points", "capacity", "capacity_used")
        return {name: getattr(mine, name) if mine else 0 for name in fields} | {"cohort": "caseloads"}
    totals = loads.pods.get(scope.pod_id or "") if scope.pod_id else loads.service
    empty = {"cases": 0, "points": 0.0, "fte": 0.0, "capacity": 0.0, "capacity_used": None}
    return (rules_plain(totals) if totals else empty) | {"cohort": "caseloads"}


def rules_plain(value: Any) -> dict[str, Any]:
    return {name: getattr(value, name) for name in value.__slots__}


async def continuity(session: AsyncSession, as_at: date, scope: Scope) -> dict[str, Any]:
    """Local continuity (kpi.md 1c) of the scope's children, over the twelve months to the day."""
    held = held_on(as_at, scope, with_worker=True)
    window_from = as_at - timedelta(days=364)
    history_from = as_at - timedelta(days=366)
    episodes = await read_model.episodes(session, None, as_at, of_children=held)
    s, c = StatusRow.__table__.c, CaseRow.__table__.c
    cases = list(
        starmap(
            CasePeriod,
            await session.execute(
                sa.select(c.case_id, c.child_id, c.start, c.end).where(
                    c.child_id.in_(_members(as_at, scope)),
                    c.start <= as_at,
                    sa.or_(c.end.is_(None), c.end >= history_from),
                )
            ),
        )
    )
    statuses = list(
        starmap(
            StatusPeriod,
            await session.execute(
                sa.select(s.child_id, s.case_id, s.kind, s.start, s.end, s.legal_status).where(
                    s.kind.is_not(None),
                    s.child_id.in_(_members(as_at, scope)),
                    s.start <= as_at,
                    sa.or_(s.end.is_(None), s.end >= history_from),
                )
            ),
        )
    )
    figure = rules.local_continuity(
        window_from, as_at, "all", episodes, statuses, cases, pod_id=scope.pod_id, worker_id=scope.worker_id
    )
    return {
        "cohort": "local_continuity",
        "children": figure.denominator,
        "no_change_in_12_months": rules.shares.share(figure.numerator, figure.denominator),
        "changes_per_child": figure.changes_per_child,
        "workers_per_child": figure.workers_per_child,
        "median_days_with_current_worker": figure.median_days_with_current_worker,
        "three_or_more_workers": len(figure.three_or_more_workers),
    }


async def compliments_received(session: AsyncSession, as_at: date, scope: Scope) -> dict[str, Any]:
    """In the twelve months to the day: naming the worker, or (a pod's view) made to the pod or its workers."""
    since = as_at - timedelta(days=364)
    if scope.worker_id:
        w = ComplimentWorkerRow.__table__.c
        count = await session.scalar(
            sa.select(sa.func.count()).where(w.worker_id == scope.worker_id, w.received_on.between(since, as_at))
        )
    else:
        c = ComplimentRow.__table__.c
        query = sa.select(sa.func.count()).where(c.received_on.between(since, as_at))
        if scope.pod_id:
            query = query.where(c.pod_id == scope.pod_id)
        count = await session.scalar(query)
    return {"last_12_months": int(count or 0), "from": since, "to": as_at}


async def reckon(session: AsyncSession, compute: Awaitable[T]) -> tuple[T, read_model.Freshness]:
    """A measure and the freshness of the read model it was read from, both in one snapshot: the freshness is read
    first, so a figure is never older than it says."""
    if not session.in_transaction() and session.get_bind().dialect.name == "postgresql":
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    mark = await read_model.freshness(session)
    return await compute, mark


@dataclass(frozen=True, slots=True)
class MyWork:
    scope: Scope
    figure: dict[str, Any]
    freshness: read_model.Freshness


async def my_work(
    uow: UnitOfWork, principal: Principal, pod: uuid.UUID | None, as_at: date, settings: KpiSettings
) -> MyWork:
    """The caller's own figures (their token's worker id), or with `pod` one of their pods' (a pod manager's, or
    any pod for a head of service). The children listed are ids only, and each one shown is audited."""
    scope = my_scope(principal, pod)
    session = uow.session
    figure, mark = await reckon(session, _my_figures(session, as_at, scope, settings))
    listed = [row.child_id for row in figure["visits"]["not_seen_within_interval"]]
    uow.audit(principal, "read", f"kpi/my-work?{scope.name()}", *(uuid.UUID(child) for child in listed))
    return MyWork(scope, figure, mark)


def my_scope(principal: Principal, pod: uuid.UUID | None) -> Scope:
    if pod is not None:
        if not principal.has_any(POD_VIEWERS):
            raise Forbidden("only pod managers and heads of service see a pod's work: leave out pod", field="pod")
        if not principal.can_see_pod(pod):
            raise Forbidden("a pod manager sees their own pods' work: pass one of your pod ids", field="pod")
        return Scope(pod_id=str(pod))
    if principal.worker_id is None:
        raise Forbidden("the token carries no worker id, so there is no own work to show", field="worker_id")
    return Scope(worker_id=str(principal.worker_id))


async def _my_figures(session: AsyncSession, as_at: date, scope: Scope, settings: KpiSettings) -> dict[str, Any]:
    scope = await resolved(session, as_at, scope)
    seen = await visits(session, as_at, scope, settings)
    summaries = await case_summaries(session, as_at, scope, settings)
    supervised = await supervision(session, as_at, scope, settings)
    late = [row for row in seen.rows if row.overdue_for]
    return {
        "caseload": await caseload(session, as_at, scope, settings),
        "visits": {
            "cohort": seen.cohort,
            "children": seen.children,
            "overdue": seen.overdue,
            "cp_seen_alone_at_last_visit": seen.cp_seen_alone_at_last_visit,
            "not_seen_within_interval": late,
        },
        "case_summaries": {
            "cohort": summaries.cohort,
            "within_cadence": summaries.within_cadence,
            "overdue": summaries.overdue,
            "due_within_7_days": summaries.due_within_7_days,
        },
        "supervision": {"discussed": supervised["discussed"], "actions": supervised["actions"]},
        "continuity": await continuity(session, as_at, scope),
        "compliments_received": await compliments_received(session, as_at, scope),
    }


async def monthly_practice(
    session: AsyncSession, month_ends: Sequence[date], settings: KpiSettings
) -> dict[str, list[practice.PracticeMonth]]:
    """The practice columns at each month end, for the service and each pod (monthly monitoring's companion)."""
    a, k, c = AllocationRow.__table__.c, ComplaintStageRow.__table__.c, ComplimentRow.__table__.c
    calendar = WorkingDays(settings.council_closure_days)
    series: dict[str, list[practice.PracticeMonth]] = {}
    for end in month_ends:
        start = end.replace(day=1)
        held = sa.select(a.child_id, a.pod_id).where(
            a.entered_in_error.is_not(True),
            a.pod_id.is_not(None),
            a.start <= end,
            sa.or_(a.end.is_(None), a.end > end),
        )
        stage_1 = sa.select(k.pod_id, sa.func.count()).where(k.stage == 1, k.started_on.between(start, end))
        praised = sa.select(c.pod_id, sa.func.count()).where(c.received_on.between(start, end))
        facts = practice.MonthFacts(
            end,
            {child: pod for child, pod in await session.execute(held)},
            await children_seen(session, end, Scope()),
            await summary_states(session, end, Scope()),
            await allocated_children(session, end, Scope()),
            {pod or "unknown": n for pod, n in await session.execute(stage_1.group_by(k.pod_id))},
            {pod or "unknown": n for pod, n in await session.execute(praised.group_by(c.pod_id))},
        )
        columns = practice.practice_month(
            facts,
            settings.visit_intervals(),
            calendar,
            settings.summary_cadence_weeks,
            settings.discussion_interval_weeks,
        )
        for scope, month in columns.items():
            series.setdefault(scope, []).append(month)
    return series
