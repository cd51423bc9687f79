"""The adults linked to a child's family."""

from __future__ import annotations

import sqlalchemy as sa

from services.records.models import FamilyLink, KnownChild, Person
from shared.runtime.unit_of_work import UnitOfWork


async def people_around(uow: UnitOfWork, child: KnownChild) -> list[Person]:
    if child.family_id is None:
        return []
    query = (
        sa.select(Person)
        .join(FamilyLink, FamilyLink.person_id == Person.id)
        .where(FamilyLink.family_id == child.family_id)
        .order_by(Person.family_name, Person.given_name, Person.id)
    )
    return list((await uow.session.scalars(query)).unique().all())
