"""The KPI calculations: pure functions from read-model rows to figures. No I/O, no database, no framework."""

from services.kpi.rules.caseloads import Caseloads, caseloads
from services.kpi.rules.continuity import (
    CommissionerChanges,
    DfeInstability,
    commissioner_changes,
    commissioner_figure,
    dfe_figure,
    dfe_social_worker_instability,
)
from services.kpi.rules.local_continuity import LocalContinuity, local_continuity
from services.kpi.rules.monthly import MonthlySeries, monthly_monitoring
from services.kpi.rules.workforce import DfeAverageCaseload, dfe_average_caseload
from shared.disclosure import suppress

__all__ = [
    "Caseloads",
    "CommissionerChanges",
    "DfeAverageCaseload",
    "DfeInstability",
    "LocalContinuity",
    "MonthlySeries",
    "caseloads",
    "commissioner_changes",
    "commissioner_figure",
    "dfe_average_caseload",
    "dfe_figure",
    "dfe_social_worker_instability",
    "local_continuity",
    "monthly_monitoring",
    "suppress",
]
