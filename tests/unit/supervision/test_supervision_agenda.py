"""The agenda rule: every case at least every N weeks by its statuses, sooner when something happened since it was
last discussed; in order, safety first; siblings side by side; each with why."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from services.supervision.rules.agenda import (
    AgendaPolicy,
    HeldCase,
    Holding,
    Span,
    StatusSpan,
    agenda,
    holding,
)
from services.supervision.rules.scaling import Change

DAY = date(2024, 3, 5)
POD, OTHER = uuid.uuid4(), uuid.uuid4()
AMY, BEN = uuid.uuid4(), uuid.uuid4()
POLICY = AgendaPolicy()


def _case(
    *,
    last: date | None = date(2024, 2, 27),
    pod_since: date = date(2023, 1, 9),
    worker_since: date | None = None,
    transferred_in: bool = False,
    worker: uuid.UUID | None = AMY,
    statuses: tuple[StatusSpan, ...] = (StatusSpan("CIN", date(2023, 1, 9), None),),
    scores: tuple[Change, ...] = (),
    overdue: tuple[date, ...] = (),
    family: uuid.UUID | None = None,
    la_child_id: str = "",
) -> HeldCase:
    return HeldCase(
        child_id=uuid.uuid4(),
        case_id=uuid.uuid4(),
        family_id=family,
        holding=Holding(pod_since, transferred_in, worker, worker_since or pod_since),
        la_child_id=la_child_id,
        statuses=statuses,
        last_discussed_on=last,
        latest_scores=scores,
        overdue_action_due_dates=overdue,
    )


def _codes(case: HeldCase, policy: AgendaPolicy = POLICY) -> list[str]:
    items, _ = agenda([case], DAY, policy)
    return [reason.code for item in items for reason in item.reasons]


def test_a_case_discussed_last_week_with_nothing_new_is_not_on_the_agenda() -> None:
    items, left_off = agenda([_case()], DAY, POLICY)

    assert (items, left_off) == ([], 1)


def test_a_case_is_due_every_four_weeks_and_overdue_after() -> None:
    assert _codes(_case(last=DAY - timedelta(weeks=4))) == ["due"]
    assert _codes(_case(last=DAY - timedelta(weeks=5))) == ["overdue"]


def test_a_case_falling_due_before_the_next_weekly_session_comes_this_week() -> None:
    assert _codes(_case(last=DAY - timedelta(weeks=4) + timedelta(days=6))) == ["due"]
    assert _codes(_case(last=DAY - timedelta(weeks=4) + timedelta(days=7))) == []


def test_a_case_with_several_statuses_takes_the_shortest_interval() -> None:
    policy = AgendaPolicy(interval_weeks={"CIN": 6, "CP": 2, "CLA": 4, "default": 8})
    statuses = (StatusSpan("CLA", date(2023, 1, 9), None), StatusSpan("CP", date(2023, 1, 9), None))

    items, _ = agenda([_case(last=DAY - timedelta(weeks=2), statuses=statuses)], DAY, policy)

    assert [(item.interval_weeks, item.open_statuses) for item in items] == [(2, ("CLA", "CP"))]
    assert "(CP)" in items[0].reasons[0].detail


def test_a_case_never_discussed_is_always_on_the_agenda() -> None:
    assert _codes(_case(last=None, pod_since=date(2023, 1, 9))) == ["newly_allocated", "never_discussed"]


def test_what_happened_since_the_last_discussion_brings_a_case_up() -> None:
    last = date(2024, 2, 27)
    assert _codes(_case(pod_since=date(2024, 2, 28), last=last, transferred_in=True)) == ["transferred_in"]
    assert _codes(_case(worker_since=date(2024, 3, 1))) == ["new_worker"]
    assert _codes(_case(worker=None, worker_since=date(2024, 2, 28))) == ["awaiting_worker"]
    assert _codes(_case(statuses=(StatusSpan("CP", date(2024, 3, 1), None),))) == ["status_started"]
    assert _codes(_case(statuses=(StatusSpan("CP", date(2023, 1, 1), date(2024, 3, 1)),))) == ["status_ended"]
    assert _codes(_case(overdue=(date(2024, 3, 1), date(2024, 2, 20)))) == ["overdue_actions"]


def test_what_happened_before_the_last_discussion_was_discussed_then() -> None:
    before = date(2024, 2, 20)
    case = _case(
        worker_since=before,
        statuses=(StatusSpan("CP", before, None), StatusSpan("CIN", date(2023, 1, 1), before)),
    )

    assert _codes(case) == []


def test_a_drop_of_two_points_at_the_last_discussion_brings_the_child_back() -> None:
    last = date(2024, 2, 27)
    dropped = Change("safety", "parent", 6, 4, date(2024, 1, 30), last)
    rose = Change("safety", "worker", 3, 7, date(2024, 1, 30), last)
    one_point = Change("safety", "pod", 5, 4, date(2024, 1, 30), last)
    discussed_since = Change("safety", "child", 8, 2, date(2024, 1, 2), date(2024, 1, 30))

    items, _ = agenda([_case(last=last, scores=(dropped, rose, one_point, discussed_since))], DAY, POLICY)

    [item] = items
    assert [(r.code, r.detail) for r in item.reasons] == [
        ("scaling_drop", "parent's safety score fell from 6 to 4 on 2024-02-27")
    ]


def test_safety_comes_first_then_what_is_new_then_the_calendar() -> None:
    overdue = _case(last=DAY - timedelta(weeks=6))
    due = _case(last=DAY - timedelta(weeks=4))
    new = _case(last=None, pod_since=date(2024, 3, 1))
    drop = _case(scores=(Change("safety", "worker", 7, 3, date(2024, 1, 30), date(2024, 2, 27)),))
    late_actions = _case(overdue=(date(2024, 3, 1),))

    items, _ = agenda([due, new, overdue, late_actions, drop], DAY, POLICY)

    assert [item.case for item in items] == [drop, late_actions, new, overdue, due]


def test_equals_come_in_the_councils_own_order_of_children_whatever_their_database_ids() -> None:
    cases = [_case(last=DAY - timedelta(weeks=4), la_child_id=name) for name in ("C300", "A100", "B200")]

    items, _ = agenda(cases, DAY, POLICY)

    assert [item.case.la_child_id for item in items] == ["A100", "B200", "C300"]


def test_siblings_sit_side_by_side_where_the_first_of_them_comes() -> None:
    family = uuid.uuid4()
    older = _case(family=family, last=DAY - timedelta(weeks=4))
    urgent = _case(overdue=(date(2024, 3, 1),))
    younger = _case(family=family, scores=(Change("safety", "worker", 7, 3, date(2024, 1, 30), date(2024, 2, 27)),))

    items, _ = agenda([older, urgent, younger], DAY, POLICY)

    assert [item.case for item in items] == [younger, older, urgent]


def test_holding_tells_new_to_the_pod_from_transferred_in_and_a_change_of_worker() -> None:
    spans = [
        Span(OTHER, BEN, date(2023, 1, 2), date(2023, 6, 1)),
        Span(POD, AMY, date(2023, 6, 1), date(2024, 1, 8)),
        Span(POD, BEN, date(2024, 1, 8), None),
    ]

    held = holding(spans, POD, DAY)
    first = holding(spans[1:], POD, date(2023, 7, 1))

    assert held == Holding(date(2023, 6, 1), True, BEN, date(2024, 1, 8))
    assert first == Holding(date(2023, 6, 1), False, AMY, date(2023, 6, 1))
    assert holding(spans, OTHER, DAY) is None, "the other pod no longer holds it"
    assert holding(spans, POD, date(2023, 6, 1)) is not None, "a transfer's day is the new holder's"
