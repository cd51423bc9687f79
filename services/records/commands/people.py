"""Adults around a child, recorded once and linked to families (sibling groups) with how they relate: a mother, a
foster carer, a health visitor."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from services.records.commands.refusals import refuse_future
from services.records.models import FamilyLink, Person
from services.records.queries import view
from shared.auth import Principal
from shared.problems import Conflict, Invalid
from shared.runtime.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class Link:
    family_id: uuid.UUID
    relationship: str
    since: date | None = None


async def record_person(
    uow: UnitOfWork,
    principal: Principal,
    *,
    given_name: str,
    family_name: str,
    date_of_birth: date | None,
    organisation: str | None,
    contact: str | None,
    links: list[Link],
) -> Person:
    if date_of_birth is not None:
        refuse_future(date_of_birth, "date_of_birth")
    if not links:
        raise Invalid("a person is recorded around a family: link them to one", field="families")
    person = Person(
        id=uuid.uuid4(),
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        organisation=organisation,
        contact=contact,
        recorded_by=principal.subject,
        recorded_at=datetime.now(UTC),
        version=1,
    )
    person.links = []
    uow.session.add(person)
    # The families are looked up in records' view, which no command writes: nothing pending need be flushed first
    # (as for entries, commands/entries.py).
    with uow.session.no_autoflush:
        for index, link in enumerate(links):
            await link_person(uow, person, link, field=f"families.{index}")
    return person


async def link_person(uow: UnitOfWork, person: Person, link: Link, *, field: str = "family_id") -> FamilyLink:
    if not await view.family_of(uow, link.family_id):
        raise Invalid(f"records knows no family {link.family_id}", field=f"{field}.family_id")
    if any(existing.family_id == link.family_id for existing in person.links):
        raise Conflict("this person is already linked to this family", field=f"{field}.family_id")
    since = link.since or date.today()
    refuse_future(since, f"{field}.since")
    made = FamilyLink(person_id=person.id, family_id=link.family_id, relationship=link.relationship, since=since)
    person.links.append(made)
    return made
