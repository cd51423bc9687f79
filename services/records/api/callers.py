"""Who may call what, by role: the dependencies routes declare. Which children they may see is checked in
queries/scope.py (a worker sees the children their pods hold, and those they hold or cover)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shared.auth import Principal, Role, require_roles
from shared.auth.principal import POD_STAFF

STORY_WRITERS = frozenset({*POD_STAFF, Role.pod_manager, Role.head_of_service})

StoryReader = Annotated[
    Principal, Depends(require_roles(*POD_STAFF, Role.pod_manager, Role.head_of_service, Role.auditor, Role.system))
]
"""Everyone who may read a child's story text: not performance analysts (aggregates only)."""
StoryWriter = Annotated[Principal, Depends(require_roles(*STORY_WRITERS))]
"""Pod staff, managers and heads of service; business support only correspondence (scope.py). Auditors and council
systems read, never write."""
Manager = Annotated[Principal, Depends(require_roles(Role.pod_manager, Role.head_of_service))]
AccessLogReader = Annotated[Principal, Depends(require_roles(Role.pod_manager, Role.auditor))]
SubjectAccess = Annotated[Principal, Depends(require_roles(Role.pod_manager, Role.head_of_service, Role.auditor))]
"""Who answers a subject access request: the child's pod manager, a head of service, an auditor."""
PodReader = Annotated[
    Principal, Depends(require_roles(*POD_STAFF, Role.pod_manager, Role.head_of_service, Role.auditor))
]
