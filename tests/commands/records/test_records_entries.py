"""A story entry's life through the commands: written once for many children, completed, appended to, entered in
error; and what leaves through the outbox (ids, dates, codes and counts: never the story's words)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from services.records.commands import entries
from services.records.commands.content import ChildOnEntry, EntryContent
from shared.auth import Role
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.records.conftest import SETTINGS, Town, events, events_of, note, visit


async def test_a_sibling_visit_is_one_entry_and_one_visit_recorded_per_child(uow: UnitOfWork, town: Town) -> None:
    entry = await entries.write_entry(uow, town.principal(), visit(town, "amy", "ben"), SETTINGS, complete=True)

    visits = await events_of(uow, "VisitRecorded")
    completed = await events_of(uow, "StoryEntryCompleted")
    assert {v["child_id"] for v in visits} == {str(town.id("amy")), str(town.id("ben"))}
    assert {v["entry_id"] for v in visits + completed} == {str(entry.id)}
    assert [(c["children"], c["pod_id"], c["worker_id"]) for c in completed] == [
        (2, str(town.id("pod north")), str(town.id("a"))),
    ] * 2
    amy = next(v for v in visits if v["child_id"] == str(town.id("amy")))
    assert (amy["seen"], amy["seen_alone"], amy["serves_status"], amy["statuses_open"]) == (True, True, "CP", ["CP"])


async def test_what_leaves_carries_no_words_of_the_story(uow: UnitOfWork, town: Town) -> None:
    await entries.write_entry(uow, town.principal(), visit(town), SETTINGS, complete=True)

    published = str(await events(uow))

    assert "fridge" not in published
    assert "Statutory" not in published


async def test_recording_time_runs_from_the_drafts_start_to_completion(uow: UnitOfWork, town: Town) -> None:
    started = datetime.now(UTC) - timedelta(minutes=25)
    draft = await entries.write_entry(uow, town.principal(), note(town), SETTINGS, complete=False, started_at=started)
    assert await events(uow) == [], "a draft publishes nothing"

    await entries.complete_entry(uow, draft, town.principal(), SETTINGS)

    [completed] = await events_of(uow, "StoryEntryCompleted")
    assert 25 * 60 <= completed["seconds_to_complete"] < 26 * 60
    assert completed["characters"] == len(note(town).text)
    assert completed["recorded_by_worker_id"] == str(town.id("a"))
    assert completed["recorded_by_pod_id"] == str(town.id("pod north"))


async def test_a_draft_is_edited_and_a_completed_entry_is_only_appended_to(uow: UnitOfWork, town: Town) -> None:
    draft = await entries.write_entry(uow, town.principal(), note(town), SETTINGS, complete=False)
    await entries.revise_draft(uow, draft, town.principal(), note(town, "amy", "ben"), SETTINGS, complete=True)
    assert {s.subject_id for s in draft.subjects} == {town.id("amy"), town.id("ben")}

    with pytest.raises(Conflict) as refused:
        await entries.revise_draft(uow, draft, town.principal(), note(town), SETTINGS, complete=False)
    assert refused.value.field == "entry_id"

    appendment = await entries.append(uow, draft, town.principal(Role.senior_social_worker, worker=None), "Mum agrees.")
    appended = await events_of(uow, "EntryAppended")
    assert {a["appendment_id"] for a in appended} == {str(appendment.id)}
    assert len(appended) == 2, "one for each child"


async def test_an_appendment_to_a_draft_is_refused(uow: UnitOfWork, town: Town) -> None:
    draft = await entries.write_entry(uow, town.principal(), note(town), SETTINGS, complete=False)

    with pytest.raises(Conflict) as refused:
        await entries.append(uow, draft, town.principal(), "More.")

    assert refused.value.field == "entry_id"


async def test_an_entry_entered_in_error_is_withdrawn_once_and_kept(uow: UnitOfWork, town: Town) -> None:
    entry = await entries.write_entry(uow, town.principal(), visit(town, "amy"), SETTINGS, complete=True)

    await entries.enter_in_error(uow, entry, town.principal(Role.pod_manager), "recorded on the wrong child")

    [withdrawn] = await events_of(uow, "EntryEnteredInError")
    assert (withdrawn["entry_id"], withdrawn["entry_type"]) == (str(entry.id), "visit")
    assert entry.entered_in_error_reason == "recorded on the wrong child"
    with pytest.raises(Conflict):
        await entries.enter_in_error(uow, entry, town.principal(Role.pod_manager), "again")
    with pytest.raises(Conflict):
        await entries.append(uow, entry, town.principal(), "more")


async def test_a_family_level_fact_is_written_once_for_every_child_of_the_family(uow: UnitOfWork, town: Town) -> None:
    content = dataclasses.replace(note(town), children=(), family_id=town.id("jones family"))

    entry = await entries.write_entry(uow, town.principal(), content, SETTINGS, complete=True)

    assert {s.subject_id for s in entry.subjects} == {town.id("amy"), town.id("ben")}
    assert len(await events_of(uow, "StoryEntryCompleted")) == 2


async def test_a_case_summary_says_when_it_was_due(uow: UnitOfWork, town: Town) -> None:
    summary = EntryContent(
        entry_type="case_summary",
        occurred_on=date(2024, 2, 9),
        title="Case summary, February",
        purpose="Four-weekly case summary",
        case_id=town.id(town.facts.case_of("amy")),
        happened="Two visits; the core group met.",
        analysis="Amy is safer: mum engages with the plan.",
        next_steps="Review conference on 4 March.",
    )

    entry = await entries.write_entry(uow, town.principal(), summary, SETTINGS, complete=True)

    [recorded] = await events_of(uow, "CaseSummaryRecorded")
    assert (recorded["due_on"], recorded["on_time"], recorded["cadence_weeks"]) == ("2024-02-05", False, 4)
    assert [s.subject_id for s in entry.subjects] == [town.id("amy")]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"occurred_on": date.today() + timedelta(days=1)}, "occurred_on"),
        ({"occurred_on": date(2023, 12, 1)}, "occurred_on"),
        ({"children": (ChildOnEntry(uuid.uuid4(), seen=True, seen_alone=True),)}, "children.0.child_id"),
        ({"serves_status": "CLA"}, "serves_status"),
        ({"visit_kind": None}, "visit_kind"),
    ],
)
async def test_a_visit_that_cannot_have_happened_is_refused_naming_the_field(
    uow: UnitOfWork, town: Town, change: dict[str, Any], field: str
) -> None:
    content = dataclasses.replace(visit(town, "amy"), **change)

    with pytest.raises(Invalid) as refused:
        await entries.write_entry(uow, town.principal(), content, SETTINGS, complete=True)

    assert refused.value.field == field
