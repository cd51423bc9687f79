"""Who may call what, by role: the dependencies routes declare. Pod scope is checked in queries/scope.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shared.auth import Principal, Role, require_roles
from shared.auth.principal import POD_STAFF

CASE_WORKERS = frozenset({*POD_STAFF, Role.pod_manager})
HeadOfService = Annotated[Principal, Depends(require_roles(Role.head_of_service))]
Manager = Annotated[Principal, Depends(require_roles(Role.pod_manager, Role.head_of_service))]
Intake = Annotated[
    Principal,
    Depends(require_roles(Role.system, Role.head_of_service, Role.pod_manager, Role.business_support)),
]
Staffing = Annotated[Principal, Depends(require_roles(Role.system, Role.head_of_service, Role.pod_manager))]
CaseReader = Annotated[Principal, Depends(require_roles(*CASE_WORKERS, Role.head_of_service, Role.system))]
CaseWriter = Annotated[Principal, Depends(require_roles(*CASE_WORKERS, Role.head_of_service))]
Auditor = Annotated[Principal, Depends(require_roles(Role.auditor))]
CoverArranger = Annotated[
    Principal, Depends(require_roles(Role.senior_social_worker, Role.pod_manager, Role.head_of_service))
]
# Statutory returns are child-level (ids, dates of birth): the officer who prepares them and heads of service, never
# performance analysts, who see aggregates only.
StatutoryReturns = Annotated[Principal, Depends(require_roles(Role.statutory_returns_officer, Role.head_of_service))]
Transferrer = Annotated[
    Principal, Depends(require_roles(Role.senior_social_worker, Role.pod_manager, Role.head_of_service))
]
Anyone = Annotated[Principal, Depends(require_roles(*Role))]
