"""Adults around a child: parents, carers, relatives and professionals, recorded once and linked to families."""

from __future__ import annotations

import uuid

from fastapi import Response, status

from services.records.api.callers import StoryReader, StoryWriter
from services.records.api.schemas.people import LinkIn, LinkOut, PersonIn, PersonOut
from services.records.commands import people as commands
from services.records.models import Person
from services.records.queries import people as queries
from services.records.queries import scope
from shared.runtime.http import UnitOfWorkDep, etag, service_router

router = service_router(tags=["people"])


def person_out(person: Person) -> PersonOut:
    return PersonOut(
        id=person.id,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        organisation=person.organisation,
        contact=person.contact,
        families=[
            LinkOut(family_id=link.family_id, relationship=link.relationship, since=link.since) for link in person.links
        ],
        recorded_by=person.recorded_by,
        recorded_at=person.recorded_at,
        version=person.version,
    )


@router.post("/people", status_code=status.HTTP_201_CREATED, response_model=PersonOut)
async def record_person(body: PersonIn, uow: UnitOfWorkDep, principal: StoryWriter, response: Response) -> PersonOut:
    """Record an adult once, linked to one or more families with how they relate; entries then name them
    (`people` on an entry) and a subject access request can find them. Each family must be one of the caller's."""
    for index, link in enumerate(body.families):
        await scope.require_family_in_scope(uow, principal, link.family_id, field=f"families.{index}.family_id")
    person = await commands.record_person(
        uow,
        principal,
        given_name=body.given_name,
        family_name=body.family_name,
        date_of_birth=body.date_of_birth,
        organisation=body.organisation,
        contact=body.contact,
        links=[commands.Link(link.family_id, link.relationship, link.since) for link in body.families],
    )
    uow.audit(principal, "write", f"person/{person.id}")
    await uow.flush()
    response.headers["Location"] = f"/records/v1/people/{person.id}"
    response.headers["ETag"] = etag(person.version)
    return person_out(person)


@router.get("/people/{person_id}", response_model=PersonOut)
async def read_person(person_id: uuid.UUID, uow: UnitOfWorkDep, principal: StoryReader) -> PersonOut:
    """An adult, if the caller may see a child of a family they are linked to."""
    return person_out(await scope.person_for(uow, principal, person_id, "read"))


@router.post(
    "/people/{person_id}/families",
    status_code=status.HTTP_201_CREATED,
    response_model=PersonOut,
    responses={409: {"description": "Already linked to this family"}},
)
async def link_person(person_id: uuid.UUID, body: LinkIn, uow: UnitOfWorkDep, principal: StoryWriter) -> PersonOut:
    """Link an adult to another family (a grandmother of two sibling groups; a foster carer of a new child)."""
    person = await scope.person_for(uow, principal, person_id, "write", "/families")
    await scope.require_family_in_scope(uow, principal, body.family_id)
    await commands.link_person(uow, person, commands.Link(body.family_id, body.relationship, body.since))
    return person_out(person)


@router.get("/children/{child_id}/people", response_model=list[PersonOut])
async def people_around_child(child_id: uuid.UUID, uow: UnitOfWorkDep, principal: StoryReader) -> list[PersonOut]:
    """The adults linked to the child's family: parents, carers, relatives and professionals."""
    child = await scope.child_for(uow, principal, child_id, "read", "/people")
    return [person_out(p) for p in await queries.people_around(uow, child)]
