"""Who an entry is about: its children (each with their case on the day, and for a visit whether they were seen)
and the adults it names, checked against records' view before anything is written."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from services.records.commands.content import ChildOnEntry, EntryContent
from services.records.commands.refusals import refuse_first
from services.records.models import EntrySubject, KnownCase, Person
from services.records.queries import view
from services.records.rules.entries import MAX_SUBJECTS, refusals_of_visit
from services.records.rules.holding import CaseFacts, case_on
from shared.problems import Invalid
from shared.runtime.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ChildSubject:
    on_entry: ChildOnEntry
    case: CaseFacts | None


async def children_of(uow: UnitOfWork, content: EntryContent) -> list[ChildSubject]:
    """The entry's children, with their case on the day; refuses what cannot be recorded (naming the field)."""
    children = list(content.children)
    if content.entry_type == "case_summary":
        children = await _child_of_the_case(uow, content)
    if content.family_id is not None:
        children += await _family(uow, content, {c.child_id for c in children})
    if not children:
        raise Invalid("an entry is about at least one child: name them, or the family", field="children")
    if len(children) + len(content.people) > MAX_SUBJECTS:
        raise Invalid(f"an entry names at most {MAX_SUBJECTS} children and adults", field="children")
    known, cases = await view.children_with_cases(uow, [c.child_id for c in children])
    seen: set[uuid.UUID] = set()
    for index, child in enumerate(children):
        if child.child_id in seen:
            raise Invalid("this child is named twice", field=f"children.{index}.child_id")
        if child.child_id not in known:
            raise Invalid(f"records knows no child {child.child_id}", field=f"children.{index}.child_id")
        seen.add(child.child_id)
    subjects = [ChildSubject(c, case_on(cases.get(c.child_id, []), content.occurred_on)) for c in children]
    if content.entry_type == "visit":
        await _check_visit(uow, content, subjects)
    return subjects


async def _child_of_the_case(uow: UnitOfWork, content: EntryContent) -> list[ChildOnEntry]:
    case = await uow.session.get(KnownCase, content.case_id) if content.case_id else None
    if case is None or case.child_id is None:
        raise Invalid("a case summary is about one case records knows: give its case_id", field="case_id")
    if any(child.child_id != case.child_id for child in content.children):
        raise Invalid("a case summary is about the case's own child", field="children")
    if case.referral_date is not None and content.occurred_on < case.referral_date:
        raise Invalid(f"the case opened on {case.referral_date}, after occurred_on", field="occurred_on")
    return [ChildOnEntry(case.child_id)]


async def _family(uow: UnitOfWork, content: EntryContent, named: set[uuid.UUID]) -> list[ChildOnEntry]:
    if content.entry_type == "visit":
        raise Invalid("a visit names each child, with whether they were seen", field="family_id")
    assert content.family_id is not None
    family = await view.family_of(uow, content.family_id)
    if not family:
        raise Invalid(f"records knows no family {content.family_id}", field="family_id")
    return [ChildOnEntry(child.child_id) for child in family if child.child_id not in named]


async def _check_visit(uow: UnitOfWork, content: EntryContent, subjects: list[ChildSubject]) -> None:
    if content.visit_kind is None:
        raise Invalid("a visit says what kind it was", field="visit_kind")
    if content.serves_status is None:
        raise Invalid("a visit says which status it serves (CIN, CP or CLA)", field="serves_status")
    refuse_first(refusals_of_visit(content.visit_kind, [s.on_entry.as_seen() for s in subjects]))
    for subject in subjects:
        if subject.case is None:
            raise Invalid(
                f"child {subject.on_entry.child_id} had no open case on {content.occurred_on}: a visit is made while "
                "the case is open",
                field="occurred_on",
            )
    statuses = await view.statuses_of(uow, [s.on_entry.child_id for s in subjects])
    served = any(
        status.kind == content.serves_status and status.open_on(content.occurred_on)
        for found in statuses.values()
        for status in found
    )
    if not served:
        raise Invalid(
            f"no child of this visit had a {content.serves_status} status open on {content.occurred_on}",
            field="serves_status",
        )


async def people_of(uow: UnitOfWork, content: EntryContent) -> list[Person]:
    if not content.people:
        return []
    found = {p.id: p for p in (await uow.session.scalars(sa.select(Person).where(Person.id.in_(content.people)))).all()}
    for index, person_id in enumerate(content.people):
        if person_id not in found:
            raise Invalid(f"records knows no person {person_id}", field=f"people.{index}")
        if content.people.index(person_id) != index:
            raise Invalid("this person is named twice", field=f"people.{index}")
    return [found[person_id] for person_id in content.people]


def subject_rows(
    entry_id: uuid.UUID, occurred_on: date, recorded_at: datetime, children: list[ChildSubject], people: list[Person]
) -> list[EntrySubject]:
    rows = [
        EntrySubject(
            entry_id=entry_id,
            subject_id=child.on_entry.child_id,
            subject_kind="child",
            position=position,
            occurred_on=occurred_on,
            recorded_at=recorded_at,
            case_id=child.case.case_id if child.case else None,
            seen=child.on_entry.seen,
            seen_alone=child.on_entry.seen_alone,
            not_seen_reason=child.on_entry.not_seen_reason,
            not_seen_alone_reason=child.on_entry.not_seen_alone_reason,
        )
        for position, child in enumerate(children)
    ]
    rows += [
        EntrySubject(
            entry_id=entry_id,
            subject_id=person.id,
            subject_kind="person",
            position=len(children) + position,
            occurred_on=occurred_on,
            recorded_at=recorded_at,
        )
        for position, person in enumerate(people)
    ]
    return rows
