"""Signing off publishes what the session decided, one decision per child, with the scores (each against the voice's
score before) and the actions; afterwards the record only grows by addenda."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from services.supervision.commands import actions, discussions, sessions, sign_off
from services.supervision.commands.discussions import ActionAgreed, ScoreGiven
from services.supervision.models import Action, Discussion, Session
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.supervision.pods import Pods, events, events_of, refused

FEB, MARCH = date(2024, 2, 6), date(2024, 3, 5)


async def test_nothing_leaves_before_sign_off(uow: UnitOfWork, pods: Pods) -> None:
    await pods.child("zoe")
    session = await pods.held_session(MARCH)

    await pods.discuss(session, "zoe", scores=[ScoreGiven("worker", 4)])

    assert await events(uow) == []


async def test_signing_off_publishes_the_session_each_childs_decision_scores_and_actions(
    uow: UnitOfWork, pods: Pods
) -> None:
    family = uuid.uuid4()
    await pods.child("zoe", family=family)
    await pods.child("max", family=family, worker="ben")
    earlier = await pods.held_session(FEB)
    await pods.discuss(earlier, "zoe", scores=[ScoreGiven("parent", 6)])
    await pods.signed_off(earlier)
    session = await pods.held_session(MARCH, "amy", "ben")
    zoe, max_ = pods.children["zoe"], pods.children["max"]
    due = date(2024, 3, 15)
    await pods.discuss(
        session,
        "zoe",
        "max",
        dissent="Ben thought the network meeting should wait for the checks.",
        scores=[ScoreGiven("parent", 3, child_id=zoe), ScoreGiven("worker", 5, child_id=max_)],
        actions=[ActionAgreed("Invite the network to a family meeting", pods.workers["amy"], due, zoe)],
    )

    await pods.signed_off(session)

    held = [e for e in await events_of(uow, "SupervisionSessionHeld") if e["session_id"] == str(session.id)]
    assert [(e["held_on"], e["children_discussed"], e["facilitator_id"]) for e in held] == [
        ("2024-03-05", 2, str(pods.workers["nora"]))
    ]
    decisions = [e for e in await events_of(uow, "SupervisionDecisionRecorded") if e["session_id"] == str(session.id)]
    assert sorted((e["child_id"], e["case_id"], e["sibling_ids"]) for e in decisions) == sorted(
        [(str(zoe), str(pods.cases["zoe"]), [str(max_)]), (str(max_), str(pods.cases["max"]), [str(zoe)])]
    )
    assert {e["dissent"] for e in decisions} == {"Ben thought the network meeting should wait for the checks."}
    assert set(decisions[0]["discussed_by"]) == {str(pods.workers[n]) for n in ("nora", "amy", "ben")}
    scores = {e["child_id"]: e for e in await events_of(uow, "ScalingScoreRecorded") if e["scored_on"] == "2024-03-05"}
    assert (scores[str(zoe)]["score"], scores[str(zoe)]["previous_score"], scores[str(zoe)]["previous_scored_on"]) == (
        3,
        6,
        "2024-02-06",
    )
    assert scores[str(max_)]["previous_score"] is None
    [action] = await events_of(uow, "SupervisionActionSet")
    assert (action["child_id"], action["owner_id"], action["due_date"]) == (
        str(zoe),
        str(pods.workers["amy"]),
        "2024-03-15",
    )


async def test_after_sign_off_the_record_is_not_edited(uow: UnitOfWork, pods: Pods) -> None:
    await pods.child("zoe")
    await pods.child("ola")
    session = await pods.signed_off(await pods.held_session(MARCH))
    discussion_id = await _discussed_before_sign_off(uow, pods)
    discussion = await uow.session.get(Discussion, discussion_id)
    assert discussion is not None
    record = discussions.DiscussionRecord(
        children=[discussions.ChildDecision(pods.children["ola"])],
        decision="Ola stays with her aunt; review the kinship assessment on 2 April.",
        rationale="The aunt's home is settled and Ola says she feels safe there.",
    )

    new = await refused(uow, discussions.record_discussion(uow, session, record, by="t"))
    attendees = await refused(uow, sessions.set_attendees(uow, session, pods.attendance("amy")))
    signed_twice = await refused(uow, sign_off.sign_off(uow, session, by="nora", worker_id=None))

    assert [(p.status, p.field) for p in (new, attendees, signed_twice)] == [(409, "session_id")] * 3
    its_session = await uow.session.get(Session, discussion.session_id)
    assert its_session is not None
    revision = await refused(uow, discussions.revise_discussion(uow, its_session, discussion, record, by="t"))
    assert (revision.status, revision.field) == (409, "session_id")


async def _discussed_before_sign_off(uow: UnitOfWork, pods: Pods) -> uuid.UUID:
    session = await pods.held_session(date(2024, 3, 12))
    discussion_id = await pods.discuss(session, "zoe")
    await pods.signed_off(session)
    return discussion_id


async def test_an_addendum_grows_a_signed_off_record_and_reaches_the_childs_story(uow: UnitOfWork, pods: Pods) -> None:
    await pods.child("zoe")
    session = await pods.held_session(MARCH)
    await pods.discuss(session, "zoe")
    early = await refused(
        uow, sign_off.add_addendum(uow, session, text="A late note.", child_id=None, decision_id=None, by="t")
    )
    await pods.signed_off(session)
    [decision] = await events_of(uow, "SupervisionDecisionRecorded")

    await sign_off.add_addendum(
        uow,
        session,
        text="Mother's solicitor disputes the account of the visit.",
        child_id=None,
        decision_id=uuid.UUID(decision["decision_id"]),
        by="nora",
    )

    assert (early.status, early.field) == (409, "session_id")
    [added] = await events_of(uow, "SupervisionAddendumRecorded")
    assert (added["child_id"], added["decision_id"]) == (str(pods.children["zoe"]), decision["decision_id"])


async def test_an_addendum_is_about_a_child_the_session_discussed(uow: UnitOfWork, pods: Pods) -> None:
    await pods.child("zoe")
    await pods.child("ola")
    session = await pods.held_session(MARCH)
    await pods.discuss(session, "zoe")
    await pods.signed_off(session)

    problem = await refused(
        uow,
        sign_off.add_addendum(uow, session, text="About Ola.", child_id=pods.children["ola"], decision_id=None, by="t"),
    )

    assert (problem.status, problem.field) == (422, "child_id")


async def test_an_action_is_done_once_its_session_is_signed_off_and_only_once(uow: UnitOfWork, pods: Pods) -> None:
    await pods.child("zoe")
    session = await pods.held_session(MARCH)
    await pods.discuss(
        session, "zoe", actions=[ActionAgreed("Checks on the partner", pods.workers["amy"], date(2024, 3, 12))]
    )
    action = (await uow.session.scalars(sa.select(Action))).one()
    unsigned = await refused(uow, actions.complete(uow, action, completed_on=date(2024, 3, 11), note=None))
    await pods.signed_off(session)

    await actions.complete(uow, action, completed_on=date(2024, 3, 11), note="no concerns")
    await uow.commit()
    twice = await refused(uow, actions.cancel(uow, action, cancelled_on=date(2024, 3, 12), reason="plan changed"))

    assert (unsigned.status, unsigned.field) == (409, "action_id")
    assert (twice.status, twice.field) == (409, "action_id")
    [done] = await events_of(uow, "SupervisionActionCompleted")
    assert (done["completed_on"], done["due_date"]) == ("2024-03-11", "2024-03-12")
