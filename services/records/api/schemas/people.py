"""Adults around a child, and how they relate to the family."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from services.records.rules.people import RelationshipCode
from shared.runtime.bodies import Id, In, IsoDate, UtcDateTime, example, response_example

FAMILY = "7d7c1a56-1d1e-4a44-9a38-7b0c1f7a2e10"


class LinkIn(In):
    model_config = example(family_id=FAMILY, relationship="mother", since="2016-01-08")
    family_id: Id
    relationship: RelationshipCode
    since: IsoDate | None = Field(default=None, description="Known to the family since (default today).")


class PersonIn(In):
    model_config = example(
        given_name="Sara",
        family_name="Reed",
        date_of_birth="1988-11-02",
        organisation=None,
        contact="07700 900123",
        families=[{"family_id": FAMILY, "relationship": "mother"}],
    )
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    date_of_birth: IsoDate | None = None
    organisation: str | None = Field(default=None, max_length=200, description="For a professional: where they work.")
    contact: str | None = Field(default=None, max_length=500, description="How to reach them.")
    families: list[LinkIn] = Field(min_length=1, max_length=10)


class LinkOut(BaseModel):
    family_id: uuid.UUID
    relationship: RelationshipCode
    since: date


class PersonOut(BaseModel):
    model_config = response_example(
        id="8e9f0a1b-2c3d-4e5f-9a0b-1c2d3e4f5a6b",
        given_name="Sara",
        family_name="Reed",
        date_of_birth="1988-11-02",
        organisation=None,
        contact="07700 900123",
        families=[{"family_id": FAMILY, "relationship": "mother", "since": "2016-01-08"}],
        recorded_by="amy.osei",
        recorded_at="2016-01-08T10:00:00Z",
        version=1,
    )
    id: uuid.UUID
    given_name: str
    family_name: str
    date_of_birth: date | None
    organisation: str | None
    contact: str | None
    families: list[LinkOut]
    recorded_by: str
    recorded_at: UtcDateTime
    version: int
