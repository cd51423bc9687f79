"""Search hits: ranked, with highlights."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from services.records.api.schemas.entries import AMY
from shared.runtime.bodies import response_example
from shared.vocabulary import EntryTypeCode


class HitOut(BaseModel):
    model_config = response_example(
        id="6b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
        source="written",
        entry_type="visit",
        occurred_on="2016-03-01",
        title="Home visit to Amy and Ben",
        rank=0.61,
        highlight="Amy showed me her <mark>school</mark> books",
        child_ids=[AMY],
    )
    id: uuid.UUID = Field(description="The entry: `GET /entries/{id}` for a written one.")
    source: Literal["written", "automatic"]
    entry_type: EntryTypeCode
    occurred_on: date
    title: str
    rank: float = Field(description="Higher is better; comparable within one search only.")
    highlight: str | None = Field(
        description="A fragment around the matches, as HTML: the text escaped, the matches in <mark>."
    )
    child_ids: list[uuid.UUID]


class SearchOut(BaseModel):
    query: str
    items: list[HitOut]
    next_cursor: str | None = None
    older_matches: bool = Field(
        default=False,
        description="More entries matched than are ranked (only the newest matches are): narrow the search by "
        "dates (`to`), child or type to reach the older ones.",
    )
