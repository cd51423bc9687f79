"""Reflective practice groups record attendance only; case audits are graded per area, land in the child's story
and in the quarter's report."""

from __future__ import annotations

import uuid
from datetime import date

from services.supervision.commands import audits, reflective
from services.supervision.commands.reflective import Presence
from services.supervision.queries.audits import audit_sample, report
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.supervision.pods import Pods, events_of, refused

GRADES = {"assessment": "good", "planning": "requires_improvement", "child_voice": "outstanding"}


async def test_a_reflective_practice_session_publishes_who_came_and_no_more(uow: UnitOfWork, pods: Pods) -> None:
    group = await reflective.create_group(
        uow,
        name="North reflective practice",
        pod_id=pods.north,
        facilitator_id=pods.workers["sol"],
        created_on=date(2024, 1, 8),
    )

    await reflective.record_session(
        uow,
        group,
        held_on=date(2024, 3, 7),
        facilitator_id=None,
        attendance=[Presence(pods.workers["amy"]), Presence(pods.workers["ben"], present=False)],
        by="sol",
    )

    [held] = await events_of(uow, "ReflectivePracticeSessionHeld")
    assert held == {
        "reflective_session_id": held["reflective_session_id"],
        "group_id": str(group.id),
        "pod_id": str(pods.north),
        "held_on": "2024-03-07",
        "facilitator_id": str(pods.workers["sol"]),
        "attendee_ids": [str(pods.workers["amy"])],
        "apologies": 1,
    }


async def test_a_reflective_session_is_recorded_once_a_day_with_known_workers(uow: UnitOfWork, pods: Pods) -> None:
    group = await reflective.create_group(
        uow, name="Across pods", pod_id=None, facilitator_id=pods.workers["sol"], created_on=date(2024, 1, 8)
    )
    await reflective.record_session(
        uow, group, held_on=date(2024, 3, 7), facilitator_id=None, attendance=[Presence(pods.workers["amy"])], by="t"
    )
    await uow.commit()

    twice = await refused(
        uow,
        reflective.record_session(
            uow,
            group,
            held_on=date(2024, 3, 7),
            facilitator_id=None,
            attendance=[Presence(pods.workers["ben"])],
            by="t",
        ),
    )
    stranger = await refused(
        uow,
        reflective.record_session(
            uow, group, held_on=date(2024, 3, 14), facilitator_id=None, attendance=[Presence(uuid.uuid4())], by="t"
        ),
    )

    assert (twice.status, twice.field) == (409, "held_on")
    assert (stranger.status, stranger.field) == (422, "attendance.0.worker_id")


async def _audit(uow: UnitOfWork, pods: Pods, child: str, **changes: object) -> None:
    fields: dict[str, object] = {
        "child_id": pods.children[child],
        "quarter": "2024-Q1",
        "audited_on": date(2024, 3, 20),
        "worker_id": pods.workers["amy"],
        "manager_id": pods.workers["nora"],
        "grades": GRADES,
        "overall_grade": "good",
        "themes": ["relationship_based_practice", "progress_of_plan"],
        "done_well": "Zoe's views are in her own words throughout.",
        "must_improve": "The plan's timescales slipped twice without a recorded reason.",
        "by": "nora",
        **changes,
    }
    await audits.record_audit(uow, **fields)  # type: ignore[arg-type]


async def test_a_completed_case_audit_lands_in_the_childs_story_and_the_quarters_report(
    uow: UnitOfWork, pods: Pods
) -> None:
    await pods.child("zoe")
    await pods.child("ola")

    await _audit(uow, pods, "zoe")
    await _audit(
        uow, pods, "ola", overall_grade="inadequate", grades={"planning": "inadequate"}, themes=["drift_and_delay"]
    )
    await uow.commit()

    [completed, _] = await events_of(uow, "CaseAuditCompleted")
    assert (completed["child_id"], completed["case_id"], completed["pod_id"]) == (
        str(pods.children["zoe"]),
        str(pods.cases["zoe"]),
        str(pods.north),
    )
    assert completed["grades"] == GRADES
    service, by_pod = await report(uow, "2024-Q1", None)
    assert (service.audits, service.good_or_better(), dict(service.by_area["planning"])) == (
        2,
        1,
        {"requires_improvement": 1, "inadequate": 1},
    )
    assert list(by_pod) == [pods.north]


async def test_the_sample_leaves_cases_audited_within_the_year_to_last(uow: UnitOfWork, pods: Pods) -> None:
    for name in ("zoe", "ola", "max"):
        await pods.child(name)
    await _audit(uow, pods, "zoe")
    await uow.commit()

    drawn = await audit_sample(uow, pods.north, "2024-Q2", 3)

    assert drawn[-1] == pods.children["zoe"]
    assert set(drawn) == {pods.children[name] for name in ("zoe", "ola", "max")}


async def test_an_audit_is_refused_naming_the_field(uow: UnitOfWork, pods: Pods) -> None:
    await pods.child("zoe")
    cases: dict[str, dict[str, object]] = {
        "manager_id": {"manager_id": pods.workers["amy"]},
        "grades.timeliness": {"grades": {"timeliness": "good"}},
        "grades.planning": {"grades": {"planning": "fine"}},
        "overall_grade": {"overall_grade": "meh"},
        "themes.0": {"themes": ["gossip"]},
        "quarter": {"quarter": "2024-Q7"},
        "audited_on": {"audited_on": date(2023, 12, 31)},
        "worker_id": {"worker_id": uuid.uuid4()},
    }

    found = {field: (await refused(uow, _audit(uow, pods, "zoe", **change))).field for field, change in cases.items()}

    assert found == {field: field for field in cases}
