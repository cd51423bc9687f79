"""The practice measures time against the producing services' own configuration: one variable sets both."""

from __future__ import annotations

import pytest

from services.kpi.settings import KpiSettings
from services.records.settings import RecordsSettings
from services.supervision.settings import SupervisionSettings


def test_by_default_the_kpi_uses_records_and_supervisions_defaults() -> None:
    kpi, records, supervision = KpiSettings(), RecordsSettings(), SupervisionSettings()

    assert kpi.visit_intervals() == records.visit_intervals()
    assert kpi.summary_cadence_weeks == records.summary_cadence_weeks
    assert kpi.discussion_interval_weeks == supervision.discussion_interval_weeks
    assert kpi.scaling_drop_points == supervision.scaling_drop_points


def test_records_and_supervisions_variables_set_the_kpis_intervals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTINUUM_RECORDS_VISIT_WEEKS_LOOKED_AFTER", "4")
    monkeypatch.setenv("CONTINUUM_RECORDS_VISIT_WORKING_DAYS_CHILD_PROTECTION", "5")
    monkeypatch.setenv("CONTINUUM_RECORDS_COUNCIL_CLOSURE_DAYS", '["2024-12-27"]')
    monkeypatch.setenv("CONTINUUM_SUPERVISION_DISCUSSION_INTERVAL_WEEKS", '{"CP": 2}')

    kpi, records = KpiSettings(), RecordsSettings()

    assert kpi.visit_intervals() == records.visit_intervals()
    assert kpi.visit_intervals().looked_after_weeks == 4
    assert kpi.council_closure_days == records.council_closure_days
    assert kpi.discussion_interval_weeks == {"CIN": 4, "CP": 2, "CLA": 4, "default": 4}
