"""The KPI calculations: pure functions from read-model rows to figures. No I/O, no database, no framework."""

from services.kpi.measures.caseloads import Caseloads, caseloads
from services.kpi.measures.continuity import (
    CommissionerChanges,
    DfeInstability,
    commissioner_changes,
    dfe_social_worker_instability,
)
from services.kpi.measures.local_continuity import LocalContinuity, local_continuity
from services.kpi.measures.monthly import MonthlySeries, monthly_monitoring
from services.kpi.measures.suppression import suppress
from services.kpi.measures.workforce import DfeAverageCaseload, dfe_average_caseload

__all__ = [
    "Caseloads",
    "CommissionerChanges",
    "DfeAverageCaseload",
    "DfeInstability",
    "LocalContinuity",
    "MonthlySeries",
    "caseloads",
    "commissioner_changes",
    "dfe_average_caseload",
    "dfe_social_worker_instability",
    "local_continuity",
    "monthly_monitoring",
    "suppress",
]
