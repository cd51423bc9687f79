"""Scaling by voice: a child's scores over time, the spread between voices, and drops."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Query

from services.supervision.api.callers import Reader
from services.supervision.api.schemas.days import Day
from services.supervision.api.schemas.scaling import DropOut, PointOut, ScalingOut, SpreadOut, TrajectoryOut
from services.supervision.queries import scope
from services.supervision.queries.scaling import Scaling, scaling_of
from services.supervision.settings import Settings
from shared.runtime.http import UnitOfWorkDep, service_router

router = service_router(tags=["scaling"])


def scaling_out(scaling: Scaling, drop_points: int) -> ScalingOut:
    return ScalingOut.model_validate(
        {
            "child_id": scaling.child_id,
            "as_at": scaling.as_at,
            "drop_points": drop_points,
            "trajectories": [
                TrajectoryOut.model_validate(
                    {
                        "question": question,
                        "voice": voice,
                        "points": [
                            PointOut(scored_on=p.scored_on, score=p.score, discussion_id=p.discussion_id)
                            for p in points
                        ],
                        "latest": points[-1].score,
                        "change": points[-1].score - points[-2].score if len(points) > 1 else None,
                    }
                )
                for (question, voice), points in scaling.trajectories.items()
            ],
            "spreads": [
                SpreadOut.model_validate(
                    {
                        "question": s.question,
                        "scored_on": s.scored_on,
                        "lowest": s.lowest,
                        "highest": s.highest,
                        "spread": s.points,
                        "voices": s.voices,
                    }
                )
                for s in scaling.spreads
            ],
            "drops": [
                DropOut.model_validate(
                    {
                        "question": d.question,
                        "voice": d.voice,
                        "previous": d.previous,
                        "score": d.score,
                        "previous_on": d.previous_on,
                        "scored_on": d.scored_on,
                    }
                )
                for d in scaling.drops
            ],
        }
    )


@router.get("/children/{child_id}/scaling", response_model=ScalingOut)
async def child_scaling(
    child_id: uuid.UUID,
    uow: UnitOfWorkDep,
    principal: Reader,
    settings: Settings,
    as_at: Annotated[Day | None, Query(description="Scores up to this day; defaults to today")] = None,
) -> ScalingOut:
    """The child's scaling scores (0-10) by voice (worker, pod, parent, child, other professional) for each
    question (the Signs of Safety safety question; One Story's safe and stable care): each voice's trajectory, how
    far apart the voices were at each discussion, and every fall of 2 or more points."""
    await scope.child_for(uow, principal, child_id, "read", "/scaling")
    day = as_at or date.today()
    return scaling_out(await scaling_of(uow, child_id, day, settings.scaling_drop_points), settings.scaling_drop_points)
