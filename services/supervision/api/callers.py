"""Who may call what, by role: the dependencies routes declare. Pod scope is checked in queries/scope.py.

Pod staff act on their own pod's supervision; heads of service read every pod's; performance analysts see counts
only; auditors read the audit log. Council systems have no part in supervision records.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shared.auth import Principal, Role, require_roles
from shared.auth.principal import POD_STAFF

POD_TEAM = frozenset({*POD_STAFF, Role.pod_manager})
PodStaff = Annotated[Principal, Depends(require_roles(*POD_TEAM))]
Reader = Annotated[Principal, Depends(require_roles(*POD_TEAM, Role.head_of_service))]
Counter = Annotated[Principal, Depends(require_roles(Role.performance_analyst, Role.head_of_service, Role.pod_manager))]
GroupOrganiser = Annotated[
    Principal, Depends(require_roles(Role.pod_manager, Role.senior_social_worker, Role.head_of_service))
]
