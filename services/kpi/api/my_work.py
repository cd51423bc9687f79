"""My work: a worker's own figures, for their own use (never a league table), and a pod manager's pod view."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Response

from services.kpi.api.common import EARLIEST, LATEST, stamped
from services.kpi.queries import figures, practice
from services.kpi.settings import Settings
from shared.auth import Principal, Role, require_roles
from shared.runtime.bodies import IsoDate
from shared.runtime.http import UnitOfWorkDep, service_router

router = service_router(tags=["my work"])
MyWorkReader = Annotated[
    Principal,
    Depends(
        require_roles(
            Role.social_worker,
            Role.senior_social_worker,
            Role.social_worker_in_training,
            Role.pod_manager,
            Role.head_of_service,
        )
    ),
]
_SHARE = {"numerator": 2, "denominator": 14, "ratio": 0.1429, "percent": 14}
EXAMPLE = {
    "as_at": "2024-03-28",
    "freshness": {"last_event_time": "2024-03-28T16:02:11Z", "last_applied_at": "2024-03-28T16:02:12Z"},
    "scope": {"worker_id": "7f0e...", "pod_id": None},
    "figure": {
        "caseload": {"cases": 14, "points": 19.5, "capacity": 18.0, "capacity_used": 1.0833, "cohort": "caseloads"},
        "visits": {
            "cohort": "open_cin_cp_cla",
            "children": 14,
            "overdue": _SHARE,
            "cp_seen_alone_at_last_visit": {"numerator": 4, "denominator": 5, "ratio": 0.8, "percent": 80},
            "not_seen_within_interval": [
                {
                    "child_id": "1c2d...",
                    "days_since_seen": 47,
                    "days_since_seen_alone": 47,
                    "next_due": "2024-03-20",
                    "overdue_for": ["CLA"],
                }
            ],
        },
        "case_summaries": {"cohort": "open_cases", "within_cadence": _SHARE, "overdue": 2, "due_within_7_days": 3},
        "supervision": {
            "discussed": {"cohort": "allocated_children", "discussed_within_interval": _SHARE, "never_discussed": 0},
            "actions": {
                "open": 5,
                "overdue": {"numerator": 1, "denominator": 5, "ratio": 0.2, "percent": 20},
                "median_days_overdue": 3,
            },
        },
        "continuity": {
            "cohort": "local_continuity",
            "children": 14,
            "no_change_in_12_months": _SHARE,
            "changes_per_child": 0.3,
            "workers_per_child": 1.3,
            "median_days_with_current_worker": 211,
            "three_or_more_workers": 1,
        },
        "compliments_received": {"last_12_months": 4, "from": "2023-03-30", "to": "2024-03-28"},
    },
}


@router.get("/my-work", responses={200: {"content": {"application/json": {"example": EXAMPLE}}}})
async def my_work(
    uow: UnitOfWorkDep,
    principal: MyWorkReader,
    settings: Settings,
    pod: Annotated[
        uuid.UUID | None,
        Query(description="A pod manager's pod view: one of their pods (any pod for a head of service)"),
    ] = None,
    as_at: Annotated[IsoDate | None, Query(ge=EARLIEST, le=LATEST, description="Default today")] = None,
) -> Response:
    """My work: the caller's own figures, from the worker id in their token — caseload (cases, points, capacity),
    their children not seen within their visiting interval (ids, days since seen and seen alone), case summaries
    overdue and due, supervision actions they own that are overdue, their children's continuity and the
    compliments naming them. A pod manager passes `pod` for one of their pods' view. Workers see only their own;
    the children listed are audited as read."""
    day = as_at or date.today()
    work = await practice.my_work(uow, principal, pod, day, settings)
    scope = {"worker_id": work.scope.worker_id, "pod_id": work.scope.pod_id}
    return stamped(day, figures.plain(work.figure), work.freshness, scope=scope)
