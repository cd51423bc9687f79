"""A child's scaling: every voice's trajectory per question, the spread between voices, and the drops."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from services.supervision.models import Score
from services.supervision.rules.scaling import Change, ScorePoint, Spread, drops, spreads, trajectories
from shared.runtime.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class Scaling:
    child_id: uuid.UUID
    as_at: date
    trajectories: dict[tuple[str, str], list[ScorePoint]]
    spreads: list[Spread]
    drops: list[Change]


async def scaling_of(uow: UnitOfWork, child_id: uuid.UUID, day: date, drop_points: int) -> Scaling:
    query = sa.select(Score).where(Score.child_id == child_id, Score.scored_on <= day)
    points = [
        ScorePoint(s.question, s.voice, s.score, s.scored_on, s.discussion_id)
        for s in (await uow.session.scalars(query)).all()
    ]
    return Scaling(child_id, day, trajectories(points), spreads(points), drops(points, drop_points))
