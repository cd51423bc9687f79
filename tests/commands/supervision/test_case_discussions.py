"""Case discussions: what stands as a record (a decision and its rationale, scores 0-10 by a known voice, actions
with an owner and a due date, children the pod holds), and what is refused, naming the field, with nothing written."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from services.supervision.commands import discussions, sessions
from services.supervision.commands.discussions import ActionAgreed, ScoreGiven
from services.supervision.models import Discussion, Session
from services.supervision.queries.sessions import discussion_parts
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.supervision.pods import DECISION, RATIONALE, Pods, refused

DAY = date(2024, 3, 5)


def _record(pods: Pods, *children: str, **fields: Any) -> discussions.DiscussionRecord:
    base: dict[str, Any] = {"decision": DECISION, "rationale": RATIONALE}
    return discussions.DiscussionRecord(
        children=[discussions.ChildDecision(pods.children[name]) for name in children], **{**base, **fields}
    )


async def _refusal(uow: UnitOfWork, session: Session, record: discussions.DiscussionRecord) -> tuple[int, str | None]:
    problem = await refused(uow, discussions.record_discussion(uow, session, record, by="t"))
    return problem.status, problem.field


@pytest.mark.parametrize(
    ("decision", "rationale", "field"),
    [
        ("Case discussed, plan agreed.", RATIONALE, "decision"),
        ("noted", RATIONALE, "decision"),
        (DECISION, "", "rationale"),
        (DECISION, "see above", "rationale"),
        (DECISION, DECISION, "rationale"),
    ],
)
async def test_a_decision_says_what_will_happen_and_why(
    uow: UnitOfWork, pods: Pods, decision: str, rationale: str, field: str
) -> None:
    await pods.child("zoe")
    session = await pods.held_session(DAY)

    refusal = await _refusal(uow, session, _record(pods, "zoe", decision=decision, rationale=rationale))

    assert refusal == (422, field)


async def test_a_child_not_allocated_to_the_pod_is_refused(uow: UnitOfWork, pods: Pods) -> None:
    await pods.child("zoe")
    await pods.child("sid", pod=pods.south, worker="vic")
    session = await pods.held_session(DAY)

    assert await _refusal(uow, session, _record(pods, "zoe", "sid")) == (422, "children.1.child_id")


async def test_a_case_allocated_after_the_session_was_not_the_pods_that_day(uow: UnitOfWork, pods: Pods) -> None:
    await pods.child("zoe", since=date(2024, 3, 6))
    session = await pods.held_session(DAY)

    assert await _refusal(uow, session, _record(pods, "zoe")) == (422, "children.0.child_id")


async def test_children_discussed_together_are_siblings(uow: UnitOfWork, pods: Pods) -> None:
    family = uuid.uuid4()
    await pods.child("zoe", family=family)
    await pods.child("max", family=family)
    await pods.child("ola")
    session = await pods.held_session(DAY)

    assert await _refusal(uow, session, _record(pods, "zoe", "max", "ola")) == (422, "children.2.child_id")


@pytest.mark.parametrize(
    ("score", "field"),
    [
        (ScoreGiven("worker", 11), "scores.0.score"),
        (ScoreGiven("worker", -1), "scores.0.score"),
        (ScoreGiven("neighbour", 5), "scores.0.voice"),
        (ScoreGiven("worker", 5, question="happiness"), "scores.0.question"),
    ],
)
async def test_a_scaling_score_is_0_to_10_by_a_known_voice(
    uow: UnitOfWork, pods: Pods, score: ScoreGiven, field: str
) -> None:
    await pods.child("zoe")
    session = await pods.held_session(DAY)

    assert await _refusal(uow, session, _record(pods, "zoe", scores=[score])) == (422, field)


async def test_a_sibling_groups_score_names_its_child(uow: UnitOfWork, pods: Pods) -> None:
    family = uuid.uuid4()
    await pods.child("zoe", family=family)
    await pods.child("max", family=family)
    session = await pods.held_session(DAY)

    refusal = await _refusal(uow, session, _record(pods, "zoe", "max", scores=[ScoreGiven("worker", 5)]))

    assert refusal == (422, "scores.0.child_id")


@pytest.mark.parametrize(
    ("owner", "due", "field"),
    [
        ("nobody", date(2024, 3, 12), "actions.0.owner_id"),
        ("amy", date(2024, 3, 4), "actions.0.due_date"),
    ],
)
async def test_an_action_has_a_known_owner_and_a_due_date_after_the_discussion(
    uow: UnitOfWork, pods: Pods, owner: str, due: date, field: str
) -> None:
    await pods.child("zoe")
    session = await pods.held_session(DAY)
    owner_id = pods.workers.get(owner, uuid.uuid4())
    action = ActionAgreed("Police and health checks on the partner", owner_id, due)

    assert await _refusal(uow, session, _record(pods, "zoe", actions=[action])) == (422, field)


async def test_a_child_is_discussed_once_a_session(uow: UnitOfWork, pods: Pods) -> None:
    await pods.child("zoe")
    session = await pods.held_session(DAY)
    await pods.discuss(session, "zoe")

    assert await _refusal(uow, session, _record(pods, "zoe")) == (409, "children.0.child_id")


async def test_discussions_are_recorded_once_the_session_is_held(uow: UnitOfWork, pods: Pods) -> None:
    await pods.child("zoe")
    session = await sessions.schedule_session(
        uow, pods.north, kind="group", scheduled_for=DAY, starts_at=None, supervisee_id=None, by="t"
    )
    await uow.commit()

    assert await _refusal(uow, session, _record(pods, "zoe")) == (409, "session_id")


async def test_a_sibling_group_records_each_childs_case_worker_and_own_decision(uow: UnitOfWork, pods: Pods) -> None:
    family = uuid.uuid4()
    await pods.child("zoe", family=family)
    await pods.child("max", family=family, worker="ben")
    session = await pods.held_session(DAY, "amy", "ben")
    own = "Max moves to his grandmother's on Friday 8 March, agreed with his mother."
    why = "Max asked to live with his grandmother; his mother agrees and his school is near."

    record = discussions.DiscussionRecord(
        children=[
            discussions.ChildDecision(pods.children["zoe"]),
            discussions.ChildDecision(pods.children["max"], own, why),
        ],
        decision=DECISION,
        rationale=RATIONALE,
        scores=[
            ScoreGiven("worker", 4, child_id=pods.children["zoe"]),
            ScoreGiven("parent", 7, child_id=pods.children["max"]),
        ],
        actions=[
            ActionAgreed(
                "Arrange the move with the school", pods.workers["ben"], date(2024, 3, 8), pods.children["max"]
            )
        ],
    )
    discussion = await discussions.record_discussion(uow, session, record, by="t")
    await uow.commit()

    parts = await discussion_parts(uow, discussion)
    by_child = {row.child_id: row for row in parts.children}
    assert by_child[pods.children["max"]].decision == own
    assert by_child[pods.children["zoe"]].decision is None, "Zoe's is the discussion's decision"
    assert by_child[pods.children["max"]].worker_id == pods.workers["ben"]
    assert by_child[pods.children["zoe"]].case_id == pods.cases["zoe"]
    assert [(a.child_id, a.case_id) for a in parts.actions] == [(pods.children["max"], pods.cases["max"])]
    assert discussion.discussed_on == DAY


async def test_revising_a_discussion_replaces_it_and_keeps_each_childs_decision_id(uow: UnitOfWork, pods: Pods) -> None:
    await pods.child("zoe")
    session = await pods.held_session(DAY)
    discussion = await uow.session.get(Discussion, await pods.discuss(session, "zoe", scores=[ScoreGiven("worker", 4)]))
    assert discussion is not None
    [before] = (await discussion_parts(uow, discussion)).children

    await discussions.revise_discussion(
        uow, session, discussion, _record(pods, "zoe", scores=[ScoreGiven("worker", 5), ScoreGiven("pod", 3)]), by="t"
    )
    await uow.commit()

    parts = await discussion_parts(uow, discussion)
    assert [c.decision_id for c in parts.children] == [before.decision_id]
    assert sorted((s.voice, s.score) for s in parts.scores) == [("pod", 3), ("worker", 5)]
