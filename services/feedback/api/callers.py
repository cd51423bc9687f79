"""Who may call what, by role: the dependencies routes declare. Pod scope is checked in queries/scope.py.

The feedback team (`feedback_officer`) manages complaints and alone sees who complained; heads of service and
council systems see every complaint without the complainant's identity; pod staff and managers see the complaints
about their pods, and the compliments; analysts see aggregates only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shared.auth import Principal, Role, require_roles
from shared.auth.principal import POD_STAFF

POD_PEOPLE = frozenset({*POD_STAFF, Role.pod_manager})
FeedbackTeam = Annotated[Principal, Depends(require_roles(Role.feedback_officer))]
ComplaintIntake = Annotated[Principal, Depends(require_roles(Role.feedback_officer, Role.system))]
ComplaintReader = Annotated[
    Principal, Depends(require_roles(Role.feedback_officer, Role.head_of_service, Role.system, *POD_PEOPLE))
]
ActionCompleter = Annotated[
    Principal, Depends(require_roles(Role.feedback_officer, Role.head_of_service, Role.pod_manager))
]
ComplimentRecorder = Annotated[
    Principal, Depends(require_roles(Role.feedback_officer, Role.head_of_service, Role.system, *POD_PEOPLE))
]
ComplimentReader = ComplaintReader
Respondent = Annotated[
    Principal, Depends(require_roles(Role.feedback_officer, Role.system, Role.head_of_service, *POD_PEOPLE))
]
ReportReader = Annotated[
    Principal,
    Depends(
        require_roles(
            Role.feedback_officer, Role.performance_analyst, Role.head_of_service, Role.pod_manager, Role.system
        )
    ),
]
Anyone = Annotated[Principal, Depends(require_roles(*Role))]
