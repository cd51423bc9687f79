"""The allocation REST API: thin routes that check access, call a command or query, audit, and commit."""

from fastapi import APIRouter, Depends

from services.allocation.api import (
    audit_log,
    caseloads,
    cases,
    children,
    court,
    covers,
    exports,
    plans,
    pods,
    transfers,
    workers,
)
from services.allocation.api.query_parameters import refuse_unknown_query_parameters

router = APIRouter(dependencies=[Depends(refuse_unknown_query_parameters)])
for module in (pods, workers, children, cases, court, transfers, covers, caseloads, plans, exports, audit_log):
    router.include_router(module.router)
