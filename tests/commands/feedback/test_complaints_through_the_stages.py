"""A complaint through the statutory stages: what is recorded, and what leaves through the outbox (never who
complained, never what they said)."""

from __future__ import annotations

from datetime import date

import pytest

from services.feedback.commands import complaints, learning
from services.feedback.commands.complaints import NewComplaint
from services.feedback.models import Complaint
from services.feedback.settings import FeedbackSettings
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.feedback.conftest import Town, events, events_of, row_counts

TODAY = date(2026, 6, 30)


def _complaint(town: Town, **changes: object) -> NewComplaint:
    values: dict[str, object] = {
        "procedure": "statutory",
        "received_on": date(2025, 12, 19),
        "channel": "email",
        "complainant_relation": "parent",
        "complainant_name": "Jo Bloggs",
        "complainant_contact": "jo@example.org",
        "summary": "Our third social worker this year.",
        "themes": ["change_of_worker", "communication"],
        "child_id": town.zoe,
    }
    return NewComplaint(**{**values, **changes})  # type: ignore[arg-type]


async def _received(uow: UnitOfWork, settings: FeedbackSettings, town: Town, **changes: object) -> Complaint:
    return await complaints.receive(uow, settings, _complaint(town, **changes), today=TODAY)


async def test_a_complaint_about_a_child_is_about_the_pod_holding_the_case_and_is_due_in_ten_working_days(
    uow: UnitOfWork, settings: FeedbackSettings, town: Town
) -> None:
    complaint = await _received(uow, settings, town)

    [received] = await events_of(uow, "ComplaintReceived")
    assert complaint.pod_id == town.north
    assert received["pod_id"] == str(town.north)
    assert received["response_due_on"] == "2026-01-07", "Christmas, Boxing Day and New Year's Day skipped"
    assert (received["stage"], received["complainant_relation"], received["themes"]) == (
        1,
        "parent",
        ["change_of_worker", "communication"],
    )


async def test_no_event_carries_the_complainants_identity_or_the_free_text(
    uow: UnitOfWork, settings: FeedbackSettings, town: Town
) -> None:
    complaint = await _received(uow, settings, town)
    await complaints.acknowledge(uow, settings, complaint, date(2025, 12, 22), today=TODAY)
    await complaints.respond(
        uow, settings, complaint, responded_on=date(2026, 1, 7), outcome="upheld", summary="We are sorry", today=TODAY
    )

    published = str(await events(uow))
    for private in ("Jo Bloggs", "jo@example.org", "third social worker", "We are sorry"):
        assert private not in published


async def test_a_named_worker_makes_the_complaint_their_pods(
    uow: UnitOfWork, settings: FeedbackSettings, town: Town
) -> None:
    complaint = await _received(uow, settings, town, child_id=None, worker_id=town.cat)
    assert complaint.pod_id == town.south


async def test_an_unknown_child_is_refused_and_nothing_is_written(
    uow: UnitOfWork, settings: FeedbackSettings, town: Town
) -> None:
    before = await row_counts(uow)
    with pytest.raises(Invalid) as refused:
        await _received(uow, settings, town, child_id=town.amy)
    assert refused.value.field == "child_id"
    await uow.rollback()
    assert await row_counts(uow) == before


async def test_acknowledged_on_christmas_eve_for_a_complaint_of_the_friday_before_is_in_time(
    uow: UnitOfWork, settings: FeedbackSettings, town: Town
) -> None:
    complaint = await _received(uow, settings, town)
    await complaints.acknowledge(uow, settings, complaint, date(2025, 12, 23), today=TODAY)

    [acknowledged] = await events_of(uow, "ComplaintAcknowledged")
    assert (acknowledged["due_on"], acknowledged["in_time"]) == ("2025-12-23", True)


async def test_an_extended_stage_1_answered_after_ten_but_within_twenty_working_days_is_in_time(
    uow: UnitOfWork, settings: FeedbackSettings, town: Town
) -> None:
    complaint = await _received(uow, settings, town)
    await complaints.extend(
        uow, settings, complaint, agreed_on=date(2026, 1, 5), working_days=20, reason="complex", today=TODAY
    )
    await complaints.respond(
        uow, settings, complaint, responded_on=date(2026, 1, 20), outcome="partly_upheld", summary=None, today=TODAY
    )

    [answered] = await events_of(uow, "ComplaintStageResponded")
    assert (answered["due_on"], answered["working_days_allowed"], answered["extended"], answered["in_time"]) == (
        "2026-01-21",
        20,
        True,
        True,
    )
    assert answered["working_days_taken"] == 19


async def test_a_second_extension_of_stage_1_is_refused(
    uow: UnitOfWork, settings: FeedbackSettings, town: Town
) -> None:
    complaint = await _received(uow, settings, town)
    await complaints.extend(
        uow, settings, complaint, agreed_on=date(2026, 1, 5), working_days=15, reason="complex", today=TODAY
    )
    with pytest.raises(Conflict) as refused:
        await complaints.extend(
            uow, settings, complaint, agreed_on=date(2026, 1, 6), working_days=20, reason="again", today=TODAY
        )
    assert refused.value.field == "working_days"


async def test_all_three_stages_then_the_ombudsman(uow: UnitOfWork, settings: FeedbackSettings, town: Town) -> None:
    complaint = await _received(uow, settings, town, received_on=date(2025, 9, 1))
    await complaints.respond(
        uow, settings, complaint, responded_on=date(2025, 9, 12), outcome="not_upheld", summary=None, today=TODAY
    )
    await complaints.escalate(uow, settings, complaint, requested_on=date(2025, 9, 22), late_reason=None, today=TODAY)
    await complaints.respond(
        uow, settings, complaint, responded_on=date(2025, 11, 3), outcome="partly_upheld", summary=None, today=TODAY
    )
    await complaints.escalate(uow, settings, complaint, requested_on=date(2025, 11, 10), late_reason=None, today=TODAY)
    await complaints.record_panel(uow, settings, complaint, date(2025, 12, 15), today=TODAY)
    await complaints.record_panel_report(uow, complaint, date(2025, 12, 19), today=TODAY)
    await complaints.respond(
        uow, settings, complaint, responded_on=date(2026, 1, 12), outcome="partly_upheld", summary=None, today=TODAY
    )
    await complaints.close(uow, settings, complaint, closed_on=date(2026, 1, 12), reason="procedure_completed")
    await complaints.refer_to_ombudsman(uow, complaint, date(2026, 3, 2), today=TODAY)

    names = [name for name, _ in await events(uow)]
    assert names == [
        "ComplaintReceived",
        "ComplaintStageResponded",
        "ComplaintEscalated",
        "ComplaintStageResponded",
        "ComplaintEscalated",
        "ComplaintStageResponded",
        "ComplaintClosed",
        "ComplaintEscalated",
    ]
    answers = await events_of(uow, "ComplaintStageResponded")
    # Stage 2: 22 September + 25 working days = 27 October; answered 3 November, late. Stage 3: the report came
    # on 19 December, the answer due 15 working days later across Christmas: 14 January.
    assert [(a["stage"], a["due_on"], a["in_time"]) for a in answers] == [
        (1, "2025-09-15", True),
        (2, "2025-10-27", False),
        (3, "2026-01-14", True),
    ]
    escalations = await events_of(uow, "ComplaintEscalated")
    assert [(e["to_stage"], e["to_ombudsman"], e["response_due_on"]) for e in escalations] == [
        (2, False, "2025-10-27"),
        (3, False, "2025-12-22"),
        (None, True, None),
    ]
    [closed] = await events_of(uow, "ComplaintClosed")
    assert (closed["reason"], closed["final_stage"], closed["final_outcome"]) == (
        "procedure_completed",
        3,
        "partly_upheld",
    )


async def test_a_withdrawal_closes_the_complaint_and_ends_its_stage_as_withdrawn(
    uow: UnitOfWork, settings: FeedbackSettings, town: Town
) -> None:
    complaint = await _received(uow, settings, town)
    await complaints.withdraw(uow, complaint, date(2026, 1, 5), today=TODAY)

    [closed] = await events_of(uow, "ComplaintClosed")
    assert (closed["reason"], closed["final_outcome"]) == ("withdrawn", "withdrawn")
    assert complaint.closed_on == date(2026, 1, 5)
    assert await events_of(uow, "ComplaintStageResponded") == [], "a withdrawal is not an answer"


async def test_every_step_moves_the_complaints_version_on(
    uow: UnitOfWork, settings: FeedbackSettings, town: Town
) -> None:
    complaint = await _received(uow, settings, town)
    await uow.flush()
    first = complaint.version

    await complaints.acknowledge(uow, settings, complaint, date(2025, 12, 22), today=TODAY)
    await uow.flush()
    acknowledged = complaint.version
    await learning.add_action(
        uow,
        complaint,
        action="Tell families when a worker leaves",
        agreed_on=date(2026, 1, 7),
        due_on=date(2026, 3, 31),
        owner_pod_id=town.north,
        owner=None,
        today=TODAY,
    )
    await uow.flush()

    assert first < acknowledged < complaint.version


async def test_a_learning_action_is_done_once_and_not_before_it_was_agreed(
    uow: UnitOfWork, settings: FeedbackSettings, town: Town
) -> None:
    complaint = await _received(uow, settings, town)
    action = await learning.add_action(
        uow,
        complaint,
        action="Tell families when a worker leaves",
        agreed_on=date(2026, 1, 7),
        due_on=date(2026, 3, 31),
        owner_pod_id=None,
        owner="Head of service",
        today=TODAY,
    )
    with pytest.raises(Invalid):
        await learning.complete_action(uow, complaint, action, date(2026, 1, 6), today=TODAY)
    await learning.complete_action(uow, complaint, action, date(2026, 3, 2), today=TODAY)
    with pytest.raises(Conflict):
        await learning.complete_action(uow, complaint, action, date(2026, 3, 3), today=TODAY)
