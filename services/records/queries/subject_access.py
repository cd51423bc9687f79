"""A subject access request: everything records holds about a child (or an adult) — drafts and entries entered in
error included, marked, since the council still holds them — and, for each entry, the other people it names, so the
redaction review starts from a list rather than a reading."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa

from services.records.models import ChronologyEntry, Entry, EntrySubject, KnownCase, KnownChild, KnownStatus, Person
from services.records.queries import view
from services.records.queries.people import people_around
from shared.runtime.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class OtherPerson:
    """Someone else an entry names: another child (by the council's id) or an adult (by name)."""

    kind: str
    id: uuid.UUID
    name: str


@dataclass(slots=True)
class HeldEntry:
    entry: Entry | None = None
    automatic: ChronologyEntry | None = None
    others: list[OtherPerson] = field(default_factory=list)


@dataclass(slots=True)
class SubjectAccessRecord:
    generated_at: datetime
    child: KnownChild | None
    person: Person | None
    cases: list[KnownCase]
    statuses: list[KnownStatus]
    people: list[Person]
    entries: list[HeldEntry]
    pods: dict[str, str]


async def for_child(uow: UnitOfWork, child: KnownChild) -> SubjectAccessRecord:
    cases = (await uow.session.scalars(sa.select(KnownCase).where(KnownCase.child_id == child.child_id))).all()
    statuses = (await uow.session.scalars(sa.select(KnownStatus).where(KnownStatus.child_id == child.child_id))).all()
    automatic = (
        await uow.session.scalars(sa.select(ChronologyEntry).where(ChronologyEntry.child_id == child.child_id))
    ).all()
    held = await _entries_naming(uow, child.child_id)
    held += [HeldEntry(automatic=row) for row in automatic]
    held.sort(key=_when)
    return SubjectAccessRecord(
        datetime.now(UTC),
        child,
        None,
        sorted(cases, key=lambda c: c.referral_date or datetime.min.date()),
        sorted(statuses, key=lambda s: s.start or datetime.min.date()),
        await people_around(uow, child),
        held,
        await view.pod_names(uow),
    )


async def for_person(uow: UnitOfWork, person: Person) -> SubjectAccessRecord:
    held = sorted(await _entries_naming(uow, person.id), key=_when)
    return SubjectAccessRecord(datetime.now(UTC), None, person, [], [], [], held, await view.pod_names(uow))


def _when(held: HeldEntry) -> tuple[object, ...]:
    if held.entry is not None:
        return (held.entry.occurred_on, held.entry.recorded_at)
    assert held.automatic is not None
    return (held.automatic.occurred_on, held.automatic.recorded_at)


async def _entries_naming(uow: UnitOfWork, subject_id: uuid.UUID) -> list[HeldEntry]:
    naming = sa.select(EntrySubject.entry_id).where(EntrySubject.subject_id == subject_id)
    entries = list((await uow.session.scalars(sa.select(Entry).where(Entry.id.in_(naming)))).all())
    others = {s.subject_id for e in entries for s in e.subjects if s.subject_id != subject_id}
    children = await view.children(uow, [i for i in others])
    people = {p.id: p for p in (await uow.session.scalars(sa.select(Person).where(Person.id.in_(others)))).all()}
    held = []
    for entry in entries:
        named = []
        for s in entry.subjects:
            if s.subject_id == subject_id:
                continue
            if s.subject_kind == "child":
                child = children.get(s.subject_id)
                named.append(
                    OtherPerson("child", s.subject_id, f"child {child.la_child_id if child else s.subject_id}")
                )
            elif (person := people.get(s.subject_id)) is not None:
                named.append(OtherPerson("person", person.id, f"{person.given_name} {person.family_name}"))
        held.append(HeldEntry(entry=entry, others=named))
    return held
